package io.sluice.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sluice.run.api.RunRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.web.JsonStrictness;

/** What a body that does not bind is told: the field and what it expected, in the API's words. */
class JsonProblemsTests {

    static final JsonMapper JSON = JsonStrictness.apply(JsonMapper.builder()).build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"table": 5}                                      | table            | expected a string, got 5
            {"table": 1.5}                                    | table            | expected a string, got 1.5
            {"table": {"a": 1}}                               | table            | expected a string, got an object
            {"partitionBy": "day"}                            | partitionBy      | expected a list, e.g. ["a", "b"], got a string
            {"keys": [{"id": 1}]}                             | keys[0]          | expected a string, got an object
            {"nullSafeKeys": "true"}                          | nullSafeKeys     | expected true or false, got a string
            {"strategy": 1}                                   | strategy         | expected one of: append, drop_partition, dynamic_overwrite, merge, apply_changes, got 1
            {"table": "a", "table": "b"}                      | table            | given twice; a field may appear once
            {"source": {"type": "inline", "rows": [{"id": 1, "id": 2}]}} | source.rows[0].id | given twice; a field may appear once
            {"source": {"type": "inline", "rows": 5}}         | source.rows      | expected a list, e.g. ["a", "b"], got an integer
            [1]                                               | ''               | expected a JSON object, got a list
            {"table": "a"} {"table": "b"}                     | ''               | there is more after the JSON value; send one JSON object
            """)
    void shouldNameTheFieldAndWhatItExpected(String body, String field, String problem) {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> JSON.readValue(body, RunRequest.class));

        assertThat(JsonProblems.path(e)).isEqualTo(field);
        assertThat(JsonProblems.describe(e)).isEqualTo(problem);
    }
}
