package io.sluice.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;

import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.problem.InvalidRequestException;

/** apply_changes' deleteWhen, checked by Spark's parser alone: no session, no table. */
class DeleteConditionTests {

    static final Optional<StructType> SOURCE = Optional.of(StructType.fromDDL("id BIGINT, op STRING, seq BIGINT, flags ARRAY<STRING>"));

    @ParameterizedTest
    @ValueSource(strings = { "op = 'D'", "lower(op) IN ('d', 'delete')", "op = 'D' AND seq > 10 OR id IS NULL",
            "coalesce(op, '') = 'D'", "array_contains(flags, 'deleted')", "CASE WHEN op = 'D' THEN true ELSE false END" })
    void shouldAcceptConditionsOverTheSourceRowWithDeterministicBuiltIns(String condition) {
        assertThatCode(() -> DeleteCondition.check("deleteWhen", condition, SOURCE)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "op = | not a SQL expression: ",
            "nope = 'D' | column 'nope' is not in the source",
            "rand() > 0.5 | 'rand' is not deterministic: a replayed batch must delete the same rows",
            "uuid() = op | 'uuid' is not deterministic: a replayed batch must delete the same rows",
            "op IN (SELECT op FROM other) | a subquery is not allowed: the condition sees one source row",
            "EXISTS (SELECT 1) | a subquery is not allowed: the condition sees one source row",
            "max(seq) > 1 | 'max' is not a row-level function: the condition sees one source row",
            "row_number() OVER (ORDER BY seq) = 1 | 'row_number' is not a row-level function: the condition sees one source row",
            "my_udf(op) | 'my_udf' is not a built-in function",
            "db.fn(op) | 'db.fn' is not a built-in function" })
    void shouldRefuseWhatIsNotADeterministicConditionOverTheSourceRow(String condition, String message) {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> DeleteCondition.check("deleteWhen", condition, SOURCE));

        assertThat(refused.violations()).hasSize(1);
        assertThat(refused.violations().get(0).field()).isEqualTo("deleteWhen");
        assertThat(refused.violations().get(0).message()).startsWith(message.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = { "nope = 'D'", "anything IS NOT NULL" })
    void shouldLeaveColumnsToTheRunWhenTheSourceDeclaresNone(String condition) {
        assertThatCode(() -> DeleteCondition.check("deleteWhen", condition, Optional.empty())).doesNotThrowAnyException();
    }
}
