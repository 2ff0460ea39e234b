package io.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.run.ErrorCode;
import io.sluice.run.RunKind;
import io.sluice.run.RunStatus;
import io.sluice.source.FileFormat;
import io.sluice.source.http.FailurePolicy;
import io.sluice.source.http.Pagination;
import io.sluice.source.http.Retention;
import io.sluice.strategy.StrategyName;
import io.sluice.table.TableFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.write.SchemaPolicy;
import io.sluice.write.MergeActions;
import io.sluice.write.DuplicatePolicy;

/** Enum values in JSON: lower snake case both ways and nothing else, except statuses and error codes. */
class EnumNamesTests {

    static final JsonMapper JSON = EnumNames.apply(JsonMapper.builder()).build();

    static final List<Class<? extends Enum<?>>> LOWER_CASE = List.of(StrategyName.class, RunKind.class, TableFormat.class,
            FileFormat.class, SchemaPolicy.class, DuplicatePolicy.class, MergeActions.WhenMatched.class,
            MergeActions.WhenNotMatched.class, FailurePolicy.class, Retention.class, Pagination.Type.class);

    @Test
    void shouldWriteAndReadLowerSnakeCase() {
        assertThat(JSON.writeValueAsString(StrategyName.DROP_PARTITION)).isEqualTo("\"drop_partition\"");
        assertThat(JSON.writeValueAsString(Pagination.Type.NEXT_LINK)).isEqualTo("\"next_link\"");
        assertThat(JSON.readValue("\"keep_latest\"", DuplicatePolicy.class)).isEqualTo(DuplicatePolicy.KEEP_LATEST);
    }

    @Test
    void shouldRefuseTheJavaNameAndAnyOtherCase() {
        assertThatThrownBy(() -> JSON.readValue("\"DROP_PARTITION\"", StrategyName.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> JSON.readValue("\"Merge\"", StrategyName.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void shouldKeepStatusesAndErrorCodesUpperCase() {
        assertThat(JSON.writeValueAsString(RunStatus.SUCCEEDED)).isEqualTo("\"SUCCEEDED\"");
        assertThat(JSON.writeValueAsString(ErrorCode.SOURCE_NOT_FOUND)).isEqualTo("\"SOURCE_NOT_FOUND\"");
        assertThat(JSON.readValue("\"FAILED\"", RunStatus.class)).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void shouldNameEveryValueInMessagesAsJsonDoes() {
        for (Class<? extends Enum<?>> type : LOWER_CASE) {
            Arrays.stream(type.getEnumConstants()).forEach(value ->
                    assertThat(JSON.writeValueAsString(value)).as("%s", value).isEqualTo("\"" + EnumNames.of(value) + "\""));
        }
    }
}
