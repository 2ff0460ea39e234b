package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A condition over one source row (an expectation's rule, apply_changes' deleteWhen), checked by Spark's parser alone. */
class RowConditionTests {

    static final Set<String> COLUMNS = Set.of("id", "op", "seq", "flags", "amount", "email", "tags", "address");
    static final String LISTED = "[address, amount, email, flags, id, op, seq, tags]";

    static List<String> problems(String condition) {
        return RowCondition.problems(CatalystSqlParser$.MODULE$, condition, COLUMNS);
    }

    @ParameterizedTest
    @ValueSource(strings = { "op = 'D'", "lower(op) IN ('d', 'delete')", "op = 'D' AND seq > 10 OR id IS NULL", "coalesce(op, '') = 'D'",
            "array_contains(flags, 'deleted')", "CASE WHEN op = 'D' THEN true ELSE false END", "amount >= 0", "email IS NOT NULL",
            "Amount BETWEEN 0 AND 100", "email RLIKE '^[^@]+@[^@]+$'", "coalesce(amount, 0) < 1000 AND length(email) > 3",
            "CAST(amount AS INT) IN (1, 2, 3)", "exists(tags, t -> t = 'a')", "address.city IS NOT NULL", "upper(email) LIKE '%@X.COM'" })
    void shouldAcceptDeterministicBuiltInsOverTheSourcesColumns(String condition) {
        assertThat(problems(condition)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "nope = 'D' | column 'nope' is not in the source; its columns are " + LISTED,
            "price > 0 | column 'price' is not in the source; its columns are " + LISTED,
            "rand() > 0.5 | function 'rand' is not deterministic: a replayed run must answer the same for the same row",
            "uuid() = op | function 'uuid' is not deterministic: a replayed run must answer the same for the same row",
            "size(shuffle(flags)) > 0 | function 'shuffle' is not deterministic: a replayed run must answer the same for the same row",
            "op IN (SELECT op FROM other) | a subquery is not allowed: a condition sees one source row",
            "EXISTS (SELECT 1) | a subquery is not allowed: a condition sees one source row",
            "amount > (SELECT max(amount) FROM other) | a subquery is not allowed: a condition sees one source row",
            "max(seq) > 1 | function 'max' aggregates: a condition sees one source row",
            "sum(amount) > 0 | function 'sum' aggregates: a condition sees one source row",
            "count(DISTINCT id) > 1 | function 'count' aggregates: a condition sees one source row",
            "row_number() OVER (ORDER BY seq) = 1 | a window function is not allowed: a condition sees one source row",
            "first(seq) > 1 | function 'first' aggregates: a condition sees one source row",
            "any_value(seq) > 1 | function 'any_value' aggregates: a condition sees one source row",
            "mode(seq) > 1 | function 'mode' aggregates: a condition sees one source row",
            "count_if(seq > 1) | function 'count_if' aggregates: a condition sees one source row",
            "sum(amount) FILTER (WHERE amount > 1) > 0 | function 'sum' aggregates: a condition sees one source row",
            "explode(flags) = 'a' | function 'explode' makes rows: a condition answers true or false for one row",
            "stack(1, op) = 'a' | function 'stack' makes rows: a condition answers true or false for one row",
            "my_udf(op) | function 'my_udf' is not one of Spark's built-in functions (user-defined functions are not allowed)",
            "db.fn(op) | function 'db.fn' is not one of Spark's built-in functions (user-defined functions are not allowed)",
            "concat(*) = 'x' | '*' is not allowed: name the columns" })
    void shouldRefuseWhatIsNotADeterministicConditionOverTheSourceRow(String condition, String problem) {
        assertThat(problems(condition)).containsExactly(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  " })
    void shouldAskForAConditionWhenGivenNone(String condition) {
        assertThat(problems(condition)).containsExactly("give a boolean SQL expression over the source's columns");
    }

    @Test
    void shouldRefuseWhatDoesNotParseWithTheParsersFirstLine() {
        assertThat(problems("op =")).singleElement().asString().startsWith("does not parse: [PARSE_SYNTAX_ERROR]");
    }

    @Test
    void shouldGiveEveryReasonOnce() {
        assertThat(problems("rand() > 0.5 AND nope = 1 OR rand() < 0.1")).containsExactly(
                "function 'rand' is not deterministic: a replayed run must answer the same for the same row",
                "column 'nope' is not in the source; its columns are " + LISTED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "nope = 'D'", "anything IS NOT NULL" })
    void shouldLeaveColumnsToTheRunWhenTheSourcesAreNotKnownYet(String condition) {
        assertThat(RowCondition.problems(CatalystSqlParser$.MODULE$, condition, null)).isEmpty();
    }
}
