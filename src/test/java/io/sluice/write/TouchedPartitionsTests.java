package io.sluice.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The partitions a source touches, as predicates and as partition specs. The distinct values come from a Dataset
 * that answers the rows Spark would collect (each partition value, then its text); predicates are checked by their
 * expressions' text: no SparkSession.
 */
class TouchedPartitionsTests {

    static final List<String> COLUMNS = List.of("day", "region");
    static final Row FIRST = RowFactory.create(Date.valueOf("2024-01-01"), "eu", "2024-01-01", "eu");
    static final Row NULL_REGION = RowFactory.create(Date.valueOf("2024-01-02"), null, "2024-01-02", null);

    final List<String> selected = new ArrayList<>();
    final List<String> order = new ArrayList<>();

    /** A source whose distinct partition rows are {@code rows}; records what is selected from it and how it is sorted. */
    @SuppressWarnings("unchecked")
    Dataset<Row> source(Row... rows) {
        Dataset<Row> data = mock(Dataset.class);
        Dataset<Row> partitions = mock(Dataset.class);
        Dataset<Row> distinct = mock(Dataset.class);
        Dataset<Row> coalesced = mock(Dataset.class);
        Dataset<Row> sorted = mock(Dataset.class);
        when(data.select(any(Column[].class))).thenAnswer(call -> {
            Arrays.stream(call.getArguments()).map(String::valueOf).forEach(selected::add);
            return partitions;
        });
        when(partitions.distinct()).thenReturn(distinct);
        when(distinct.coalesce(1)).thenReturn(coalesced);
        when(coalesced.sortWithinPartitions(any(Column[].class))).thenAnswer(call -> {
            Arrays.stream(call.getArguments()).map(String::valueOf).forEach(order::add);
            return sorted;
        });
        when(sorted.collectAsList()).thenReturn(List.of(rows));
        return data;
    }

    static Map<String, String> partition(String day, String region) {
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put("day", day);
        partition.put("region", region);
        return partition;
    }

    @Test
    void shouldCollectEachPartitionValueWithItsTextSortedInThePartitionColumnsOrder() {
        TouchedPartitions.of(source(FIRST), COLUMNS);

        assertThat(selected).containsExactly("day", "region", "CAST(day AS STRING)", "CAST(region AS STRING)");
        assertThat(order).containsExactly("day ASC NULLS FIRST", "region ASC NULLS FIRST");
    }

    @Test
    void shouldCountTheDistinctPartitions() {
        assertThat(TouchedPartitions.of(source(FIRST, NULL_REGION), COLUMNS).size()).isEqualTo(2);
        assertThat(TouchedPartitions.of(source(), COLUMNS).size()).isZero();
    }

    @Test
    void shouldMatchAnyTouchedPartitionNullSafely() {
        var touched = TouchedPartitions.of(source(FIRST, NULL_REGION), COLUMNS);

        assertThat(touched.predicate(null)).hasToString("or(or(false, and(and(true, <=>(day, 2024-01-01)), <=>(region, 'eu'))), "
                + "and(and(true, <=>(day, 2024-01-02)), <=>(region, NULL)))");
    }

    @Test
    void shouldQualifyThePredicatesColumnsByTheAlias() {
        var touched = TouchedPartitions.of(source(FIRST), COLUMNS);

        assertThat(touched.predicate("t")).hasToString("or(false, and(and(true, <=>(t.day, 2024-01-01)), <=>(t.region, 'eu')))");
    }

    @Test
    void shouldMatchNothingWhenNoPartitionIsTouched() {
        assertThat(TouchedPartitions.of(source(), COLUMNS).predicate("t")).hasToString("false");
    }

    @Test
    void shouldTakeAQuoteInAValueAsALiteralNotAsSql() {
        Row quoted = RowFactory.create(Date.valueOf("2024-01-01"), "e' OR '1'='1", "2024-01-01", "e' OR '1'='1");

        assertThat(TouchedPartitions.of(source(quoted), COLUMNS).predicate(null))
                .hasToString("or(false, and(and(true, <=>(day, 2024-01-01)), <=>(region, 'e\\' OR \\'1\\'=\\'1')))");
    }

    @Test
    void shouldDescribeEachPartitionAsItsColumnsTextWithNullForANullValue() {
        var touched = TouchedPartitions.of(source(FIRST, NULL_REGION), COLUMNS);

        assertThat(touched.describe()).containsExactly(partition("2024-01-01", "eu"), partition("2024-01-02", null));
        assertThat(touched.describe().get(0).keySet()).containsExactly("day", "region");
    }

    @Test
    void shouldNameANullValueByTheCatalogsDefaultPartitionInSpecs() {
        var touched = TouchedPartitions.of(source(FIRST, NULL_REGION), COLUMNS);

        assertThat(touched.specs()).containsExactly(partition("2024-01-01", "eu"), partition("2024-01-02", "__HIVE_DEFAULT_PARTITION__"));
    }
}
