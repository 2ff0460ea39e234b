package io.sluice.expectation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.problem.InvalidRequestException.Violation;

/** The rule checker on Spark's parser alone: no SparkSession, no Spring. */
class RuleCheckerTests {

    static final Set<String> COLUMNS = Set.of("id", "amount", "email", "tags", "address");
    final RuleChecker checker = new RuleChecker(CatalystSqlParser$.MODULE$);

    List<Violation> check(String rule) {
        return checker.check("expectations", List.of(new Expectation("r", rule, ExpectationAction.WARN)), COLUMNS);
    }

    @ParameterizedTest
    @ValueSource(strings = { "amount >= 0", "email IS NOT NULL", "Amount BETWEEN 0 AND 100", "email RLIKE '^[^@]+@[^@]+$'",
            "coalesce(amount, 0) < 1000 AND length(email) > 3", "CASE WHEN id > 0 THEN true ELSE false END",
            "CAST(amount AS INT) IN (1, 2, 3)", "exists(tags, t -> t = 'a')", "address.city IS NOT NULL", "upper(email) LIKE '%@X.COM'" })
    void shouldAcceptDeterministicBuiltInsOverTheSourcesColumns(String rule) {
        assertThat(check(rule)).isEmpty();
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
    void shouldRefuseANonDeterministicFunction() {
        assertThat(check("rand() < 0.5")).containsExactly(new Violation("expectations[0].rule",
                "expectation 'r': function 'rand' is not deterministic: a rule must answer the same for the same row"));
        assertThat(check("uuid() IS NOT NULL")).extracting(Violation::message).singleElement().asString().contains("'uuid' is not deterministic");
    }

    @Test
    void shouldRefuseSubqueries() {
        String message = "expectation 'r': a subquery is not allowed: a rule looks at one source row";
        assertThat(check("amount > (SELECT max(amount) FROM other)")).extracting(Violation::message).containsExactly(message);
        assertThat(check("id IN (SELECT id FROM other)")).extracting(Violation::message).containsExactly(message);
        assertThat(check("EXISTS (SELECT 1)")).extracting(Violation::message).containsExactly(message);
    }

    @Test
    void shouldRefuseAggregatesWindowsAndUnknownFunctions() {
        assertThat(check("sum(amount) > 0")).extracting(Violation::message)
                .containsExactly("expectation 'r': function 'sum' aggregates: a rule looks at one source row");
        assertThat(check("row_number() OVER (ORDER BY id) = 1")).extracting(Violation::message)
                .containsExactly("expectation 'r': a window function is not allowed: a rule looks at one source row");
        assertThat(check("my_udf(amount)")).extracting(Violation::message).containsExactly(
                "expectation 'r': function 'my_udf' is not one of Spark's built-in functions (user-defined functions are not allowed)");
        assertThat(check("db.fn(amount)")).extracting(Violation::message).containsExactly(
                "expectation 'r': function 'db.fn' is not one of Spark's built-in functions (user-defined functions are not allowed)");
    }

    @Test
    void shouldRefuseWhatDoesNotParse() {
        assertThat(check("amount >=")).extracting(Violation::message).singleElement().asString()
                .startsWith("expectation 'r' does not parse: ");
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
