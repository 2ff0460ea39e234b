package io.sluice.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Where a page's records are, and whether their JSON kinds agree with the pull's schema, declared or first seen. */
class RecordsTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static Records declared(String ddl) {
        return new Records(StructType.fromDDL(ddl));
    }

    @Test
    void shouldFindTheNodeAtADottedPath() {
        JsonNode body = json("{\"data\": {\"items\": [1], \"none\": null}, \"list\": [{\"a\": 1}]}");

        assertThat(Records.at(body, "data.items")).isEqualTo(json("[1]"));
        assertThat(Records.at(body, "data").isObject()).isTrue();
        assertThat(Records.at(body, "data.none").isNull()).isTrue();
    }

    @Test
    void shouldFindNothingWhereThePathLeadsNowhere() {
        JsonNode body = json("{\"data\": {\"items\": [1]}, \"list\": [{\"a\": 1}], \"n\": 3}");

        assertThat(Records.at(body, "missing")).isNull();
        assertThat(Records.at(body, "data.missing.deeper")).isNull();
        assertThat(Records.at(body, "list.a")).isNull(); // no path into an array
        assertThat(Records.at(body, "n.x")).isNull();
        assertThat(Records.at(json("[]"), "data")).isNull();
    }

    @Test
    void shouldTakeTheBodyAsTheRecordsWithoutARecordsPath() {
        JsonNode body = json("[{\"id\": 1}, {\"id\": 2}]");

        assertThat(Records.records(body, null)).isSameAs(body);
    }

    @Test
    void shouldTakeTheArrayAtTheRecordsPath() {
        assertThat(Records.records(json("{\"data\": {\"items\": [{\"id\": 1}]}}"), "data.items")).isEqualTo(json("[{\"id\": 1}]"));
    }

    @Test
    void shouldReadNoRecordsWhereTheRecordsPathIsMissingOrNull() {
        assertThat(Records.records(json("{\"meta\": {}}"), "data")).isEmpty();
        assertThat(Records.records(json("{\"data\": null}"), "data")).isEmpty();
        assertThat(Records.records(json("null"), null)).isEmpty();
    }

    @Test
    void shouldFailTheRequestWhenTheRecordsAreNotAnArray() {
        assertThatThrownBy(() -> Records.records(json("{\"data\": []}"), null)).isInstanceOf(RequestFailure.class)
                .hasMessage("the body is not a JSON array; set recordsPath to where the records are");
        assertThatThrownBy(() -> Records.records(json("{\"data\": {\"id\": 1}}"), "data")).isInstanceOf(RequestFailure.class)
                .hasMessage("'data' in the body is not an array");
    }

    @Test
    void shouldAcceptRecordsWhoseFieldsFitTheDeclaredSchema() {
        Records records = declared("id BIGINT, price DECIMAL(10,2), ok BOOLEAN, day DATE, at TIMESTAMP, tags ARRAY<STRING>, "
                + "attrs MAP<STRING, INT>, pos STRUCT<x: DOUBLE>, name STRING");

        assertThat(records.conflict(json("[{\"id\": 1, \"price\": 9.99, \"ok\": true, \"day\": \"2024-08-01\", \"at\": 1722500000, "
                + "\"tags\": [\"a\"], \"attrs\": {\"a\": 1}, \"pos\": {\"x\": 1.5}, \"name\": \"Max\"}]"))).isNull();
    }

    @Test
    void shouldLetAStringColumnTakeAnyJsonValueAsItsText() {
        assertThat(declared("name STRING").conflict(json("[{\"name\": 1}, {\"name\": true}, {\"name\": {\"a\": 1}}, {\"name\": [1]}]")))
                .isNull();
    }

    @Test
    void shouldNameAFieldWhoseKindTheDeclaredSchemaRefuses() {
        assertThat(declared("id BIGINT").conflict(json("[{\"id\": 1}, {\"id\": \"2\"}]")))
                .isEqualTo("field 'id' is string here but the schema says bigint (value \"2\")");
        assertThat(declared("ok BOOLEAN").conflict(json("[{\"ok\": 1}]")))
                .isEqualTo("field 'ok' is number here but the schema says boolean (value 1)");
        assertThat(declared("day DATE").conflict(json("[{\"day\": [2024, 8, 1]}]")))
                .isEqualTo("field 'day' is array here but the schema says date (value [2024,8,1])");
        assertThat(declared("pos STRUCT<x: DOUBLE>").conflict(json("[{\"pos\": [1.5]}]")))
                .isEqualTo("field 'pos' is array here but the schema says struct<x:double> (value [1.5])");
        assertThat(declared("tags ARRAY<STRING>").conflict(json("[{\"tags\": \"a\"}]")))
                .isEqualTo("field 'tags' is string here but the schema says array<string> (value \"a\")");
    }

    @Test
    void shouldMatchFieldsToTheDeclaredSchemaWhateverTheCase() {
        assertThat(declared("Id BIGINT").conflict(json("[{\"ID\": \"x\"}]")))
                .isEqualTo("field 'ID' is string here but the schema says bigint (value \"x\")");
    }

    @Test
    void shouldIgnoreFieldsTheDeclaredSchemaLeavesOutAndNullValues() {
        assertThat(declared("id BIGINT").conflict(json("[{\"id\": null, \"extra\": \"x\"}, {\"id\": 2, \"extra\": 3}]"))).isNull();
    }

    @Test
    void shouldRefuseARecordThatIsNotAnObject() {
        assertThat(declared("id BIGINT").conflict(json("[{\"id\": 1}, 42]"))).isEqualTo("a record is not a JSON object: 42");
        assertThat(new Records(null).conflict(json("[[1, 2]]"))).isEqualTo("a record is not a JSON object: [1,2]");
    }

    @Test
    void shouldHoldEachFieldToTheKindFirstSeenInThePullWithoutADeclaredSchema() {
        Records records = new Records(null);

        assertThat(records.conflict(json("[{\"id\": 1, \"name\": null}]"))).isNull();
        assertThat(records.conflict(json("[{\"id\": 2, \"name\": \"Max\"}]"))).isNull();
        assertThat(records.conflict(json("[{\"id\": \"3\"}]"))).isEqualTo("field 'id' is string here but number in the pages before (value \"3\")");
        assertThat(records.conflict(json("[{\"name\": false}]")))
                .isEqualTo("field 'name' is boolean here but string in the pages before (value false)");
    }

    @Test
    void shouldAbbreviateALongValueInTheConflict() {
        String longText = "x".repeat(100);

        assertThat(declared("id BIGINT").conflict(json("[{\"id\": \"" + longText + "\"}]")))
                .isEqualTo("field 'id' is string here but the schema says bigint (value \"" + "x".repeat(76) + "...)");
    }
}
