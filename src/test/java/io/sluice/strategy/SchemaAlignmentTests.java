package io.sluice.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.write.SchemaPolicy;

/**
 * How a source fits an existing table under each schema policy. {@code align} is checked on the columns it selects
 * (their expressions' text), on a Dataset that only reports its schema: no SparkSession.
 */
class SchemaAlignmentTests {

    static final StructType TABLE = StructType.fromDDL("id BIGINT, name STRING, day DATE");

    static List<String> refused(String source, String table, List<String> partitionBy, SchemaPolicy policy) {
        return SchemaAlignment.refused(StructType.fromDDL(source), StructType.fromDDL(table), partitionBy, policy);
    }

    /** A Dataset of this schema that records the columns selected from it. */
    @SuppressWarnings("unchecked")
    static Dataset<Row> source(String ddl, List<String> selected, Dataset<Row> result) {
        Dataset<Row> data = mock(Dataset.class);
        when(data.schema()).thenReturn(StructType.fromDDL(ddl));
        when(data.select(any(Column[].class))).thenAnswer(call -> {
            Arrays.stream(call.getArguments()).map(String::valueOf).forEach(selected::add);
            return result;
        });
        return data;
    }

    @Test
    void shouldAcceptASourceOfTheTablesColumnsWhateverTheirOrderAndCase() {
        for (SchemaPolicy policy : SchemaPolicy.values()) {
            assertThat(refused("DAY DATE, Id BIGINT, name STRING", "id BIGINT, name STRING, day DATE", List.of("day"), policy))
                    .as(policy.name()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "TINYINT, BIGINT", "SMALLINT, INT", "INT, BIGINT", "FLOAT, DOUBLE", "DATE, TIMESTAMP" })
    void shouldAcceptATypeThatWidensSafelyIntoTheTables(String source, String table) {
        assertThat(refused("v " + source, "v " + table, List.of(), SchemaPolicy.FAIL)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "BIGINT | INT | bigint | int",
            "DOUBLE | FLOAT | double | float",
            "INT | DOUBLE | int | double",
            "TIMESTAMP | DATE | timestamp | date",
            "TIMESTAMP_NTZ | TIMESTAMP | timestamp_ntz | timestamp",
            "STRING | INT | string | int",
            "STRUCT<a: INT> | STRUCT<a: BIGINT> | struct<a:int> | struct<a:bigint>" })
    void shouldRefuseEveryOtherTypeDifferenceWhateverThePolicy(String source, String table, String sourceText, String tableText) {
        for (SchemaPolicy policy : SchemaPolicy.values()) {
            assertThat(refused("v " + source, "v " + table, List.of(), policy)).as(policy.name())
                    .containsExactly("column 'v' is %s in the source but %s in the table, which is not a safe widening"
                            .formatted(sourceText, tableText));
        }
    }

    @Test
    void shouldAcceptNonNullNestedValuesIntoANullableTableColumn() {
        StructType source = new StructType().add("id", DataTypes.LongType).add("tags",
                DataTypes.createArrayType(DataTypes.IntegerType, false));

        assertThat(SchemaAlignment.refused(source, StructType.fromDDL("id BIGINT, tags ARRAY<INT>"), List.of(), SchemaPolicy.FAIL))
                .isEmpty();
    }

    @Test
    void shouldRefuseNullableNestedValuesIntoATableColumnThatAdmitsNoNullsAndSaySo() {
        StructType table = new StructType().add("id", DataTypes.LongType).add("tags", DataTypes.createArrayType(DataTypes.IntegerType, false));

        assertThat(SchemaAlignment.refused(StructType.fromDDL("id BIGINT, tags ARRAY<INT>"), table, List.of(), SchemaPolicy.FAIL))
                .containsExactly("column 'tags' (array<int>) may hold nulls inside it in the source where the table's does not admit them");
    }

    @Test
    void shouldRefuseATableColumnMissingFromTheSourceOnlyUnderFail() {
        assertThat(refused("id BIGINT, day DATE", "id BIGINT, name STRING, day DATE", List.of(), SchemaPolicy.FAIL))
                .containsExactly("column 'name' (string) of the table is missing from the source");
        assertThat(refused("id BIGINT, day DATE", "id BIGINT, name STRING, day DATE", List.of(), SchemaPolicy.ADD_COLUMNS)).isEmpty();
        assertThat(refused("id BIGINT, day DATE", "id BIGINT, name STRING, day DATE", List.of(), SchemaPolicy.IGNORE)).isEmpty();
    }

    @Test
    void shouldAlwaysRequireThePartitionColumns() {
        for (SchemaPolicy policy : SchemaPolicy.values()) {
            assertThat(refused("id BIGINT, name STRING", "id BIGINT, name STRING, day DATE", List.of("DAY"), policy)).as(policy.name())
                    .containsExactly("column 'day' (date) of the table is missing from the source (a partition column is always required)");
        }
    }

    @Test
    void shouldRefuseASourceColumnTheTableLacksOnlyUnderFail() {
        assertThat(refused("id BIGINT, name STRING, day DATE, extra STRING", "id BIGINT, name STRING, day DATE", List.of(), SchemaPolicy.FAIL))
                .containsExactly("column 'extra' (string) of the source is not in the table; schemaPolicy add_columns adds it, ignore drops it");
        assertThat(refused("id BIGINT, name STRING, day DATE, extra STRING", "id BIGINT, name STRING, day DATE", List.of(),
                SchemaPolicy.ADD_COLUMNS)).isEmpty();
        assertThat(refused("id BIGINT, name STRING, day DATE, extra STRING", "id BIGINT, name STRING, day DATE", List.of(),
                SchemaPolicy.IGNORE)).isEmpty();
    }

    @Test
    void shouldListEveryDifferenceTheTablesColumnsFirst() {
        assertThat(refused("extra INT, id STRING", "id BIGINT, name STRING, day DATE", List.of("day"), SchemaPolicy.FAIL)).containsExactly(
                "column 'id' is string in the source but bigint in the table, which is not a safe widening",
                "column 'name' (string) of the table is missing from the source",
                "column 'day' (date) of the table is missing from the source (a partition column is always required)",
                "column 'extra' (int) of the source is not in the table; schemaPolicy add_columns adds it, ignore drops it");
    }

    @Test
    void shouldSelectTheTablesColumnsInItsOrderCastingWhatWidens() {
        List<String> selected = new ArrayList<>();
        Dataset<Row> result = mock(Dataset.class);

        var aligned = SchemaAlignment.align(source("day DATE, NAME STRING, id INT", selected, result), TABLE, List.of(), SchemaPolicy.FAIL);

        assertThat(selected).containsExactly("CAST(id AS BIGINT) AS id", "NAME AS name", "day AS day");
        assertThat(aligned).isSameAs(result);
    }

    @Test
    void shouldFillATableColumnTheSourceLacksWithTypedNulls() {
        List<String> selected = new ArrayList<>();

        SchemaAlignment.align(source("id BIGINT, day DATE", selected, null), TABLE, List.of("day"), SchemaPolicy.IGNORE);

        assertThat(selected).containsExactly("id AS id", "CAST(NULL AS STRING) AS name", "day AS day");
    }

    @Test
    void shouldAppendTheSourcesNewColumnsUnderAddColumns() {
        List<String> selected = new ArrayList<>();

        SchemaAlignment.align(source("id BIGINT, name STRING, day DATE, extra STRING, more INT", selected, null), TABLE,
                List.of(), SchemaPolicy.ADD_COLUMNS);

        assertThat(selected).containsExactly("id AS id", "name AS name", "day AS day", "extra", "more");
    }

    @Test
    void shouldDropTheSourcesNewColumnsUnderIgnore() {
        List<String> selected = new ArrayList<>();

        SchemaAlignment.align(source("id BIGINT, name STRING, day DATE, extra STRING", selected, null), TABLE, List.of(),
                SchemaPolicy.IGNORE);

        assertThat(selected).containsExactly("id AS id", "name AS name", "day AS day");
    }

    @Test
    void shouldRefuseToAlignASourceThePolicyRefusesAndSelectNothing() {
        List<String> selected = new ArrayList<>();
        Dataset<Row> data = source("id STRING, name STRING, day DATE", selected, null);

        assertThatThrownBy(() -> SchemaAlignment.align(data, TABLE, List.of(), SchemaPolicy.ADD_COLUMNS))
                .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.violations()).containsExactly(new Violation(
                        "schemaPolicy", "column 'id' is string in the source but bigint in the table, which is not a safe widening")));
        verify(data, never()).select(any(Column[].class));
    }
}
