package io.sluice.expectation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.junit.jupiter.api.Test;

import io.sluice.problem.InvalidRequestException.Violation;

/** The rule checker on Spark's parser alone: no SparkSession, no Spring. What a rule may say: {@code RowConditionTests}. */
class RuleCheckerTests {

    static final Set<String> COLUMNS = Set.of("id", "amount", "email", "tags", "address");
    final RuleChecker checker = new RuleChecker(CatalystSqlParser$.MODULE$);

    List<Violation> check(String rule) {
        return checker.check("expectations", List.of(new Expectation("r", rule, ExpectationAction.WARN)), COLUMNS);
    }

    @Test
    void shouldRefuseAColumnTheSourceLacksNamingTheRule() {
        assertThat(check("price > 0")).containsExactly(new Violation("expectations[0].rule",
                "expectation 'r': column 'price' is not in the source; its columns are [address, amount, email, id, tags]"));
    }

    @Test
    void shouldLeaveColumnsToTheRunWhenTheSourcesAreNotKnownYet() {
        assertThat(checker.check("expectations", List.of(new Expectation("r", "price > 0", ExpectationAction.DROP)), null)).isEmpty();
    }

    @Test
    void shouldNameTheRuleInEachOfItsProblems() {
        assertThat(check("rand() < 0.5 OR (SELECT 1) = 1")).containsExactly(
                new Violation("expectations[0].rule", "expectation 'r': function 'rand' is not deterministic: a replayed run must answer the same for the same row"),
                new Violation("expectations[0].rule", "expectation 'r': a subquery is not allowed: a condition sees one source row"));
    }

    @Test
    void shouldRefuseWhatDoesNotParse() {
        assertThat(check("amount >=")).extracting(Violation::message).singleElement().asString()
                .startsWith("expectation 'r': does not parse: ");
    }

    @Test
    void shouldRefuseAMissingRule() {
        assertThat(checker.check("expectations", List.of(new Expectation("r", null, ExpectationAction.WARN)), COLUMNS)).containsExactly(
                new Violation("expectations[0].rule", "expectation 'r' needs a rule, a boolean SQL expression"));
    }

    @Test
    void shouldRefuseBadNamesRepeatedNamesAndMissingActions() {
        List<Violation> problems = checker.check("expectations", List.of(new Expectation("ok", "id > 0", ExpectationAction.WARN),
                new Expectation("OK", "id > 1", ExpectationAction.DROP), new Expectation("bad name", "id > 2", null),
                new Expectation("_malformed", "id > 3", ExpectationAction.WARN)), COLUMNS);
        assertThat(problems).extracting(Violation::field).containsExactly("expectations[1].name", "expectations[2].name",
                "expectations[2].action", "expectations[3].name");
        assertThat(problems.get(0).message()).isEqualTo("expectation 'OK' is named twice");
    }

    @Test
    void aRunsRuleShouldReplaceTheTablesOfTheSameNameAndFollowTheOthers() {
        RuleSet table = new RuleSet(List.of(new Expectation("a", "id > 0", ExpectationAction.WARN),
                new Expectation("b", "amount > 0", ExpectationAction.DROP)), "db.q");
        RuleSet run = table.with(List.of(new Expectation("B", "amount >= 0", ExpectationAction.FAIL),
                new Expectation("c", "email IS NOT NULL", ExpectationAction.QUARANTINE)), null);
        assertThat(run).isEqualTo(new RuleSet(List.of(new Expectation("a", "id > 0", ExpectationAction.WARN),
                new Expectation("B", "amount >= 0", ExpectationAction.FAIL),
                new Expectation("c", "email IS NOT NULL", ExpectationAction.QUARANTINE)), "db.q"));
    }
}
