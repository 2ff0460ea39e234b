package io.sluice.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Which source rows a watermark lets through, checked on the filters it builds (their expressions' text) over Datasets
 * that only report their schema and record what is asked of them: no SparkSession.
 */
@SuppressWarnings("unchecked")
class WatermarkFilterTests {

    static final WatermarkSpec EXCLUSIVE = new WatermarkSpec("updated_at", null, null, null);
    static final WatermarkSpec INCLUSIVE = new WatermarkSpec("updated_at", null, true, null);
    static final String CURRENT = "2024-08-01T10:00:00Z";
    static final String BEYOND = ">(updated_at, CAST('2024-08-01T10:00:00Z' AS TIMESTAMP))";
    static final String AT = "=(updated_at, CAST('2024-08-01T10:00:00Z' AS TIMESTAMP))";

    final List<String> filters = new ArrayList<>();
    final Dataset<Row> later = mock(Dataset.class);
    final Dataset<Row> ties = mock(Dataset.class);

    /** A source of this schema whose filter on the watermark answers {@code later} beyond it and {@code ties} at it. */
    Dataset<Row> source(String ddl) {
        Dataset<Row> source = mock(Dataset.class);
        when(source.schema()).thenReturn(StructType.fromDDL(ddl));
        when(source.where(any(Column.class))).thenAnswer(call -> {
            String filter = call.getArgument(0).toString();
            filters.add(filter);
            return filter.startsWith(">") ? later : ties;
        });
        return source;
    }

    @Test
    void shouldLetEveryRowThroughWhenNoWatermarkIsStoredYet() {
        Dataset<Row> source = mock(Dataset.class);

        assertThat(WatermarkFilter.beyond(source, EXCLUSIVE, null, null, List.of("id"))).isSameAs(source);
        verifyNoInteractions(source);
    }

    @Test
    void shouldKeepRowsBeyondTheWatermarkComparedInTheColumnsType() {
        assertThat(WatermarkFilter.beyond(source("id BIGINT, updated_at TIMESTAMP"), EXCLUSIVE, CURRENT, null, List.of())).isSameAs(later);
        assertThat(filters).containsExactly(BEYOND);
    }

    @Test
    void shouldFindTheColumnsTypeWhateverTheCase() {
        WatermarkFilter.beyond(source("id BIGINT, Updated_At DATE"), EXCLUSIVE, "2024-08-01", null, List.of());

        assertThat(filters).containsExactly(">(updated_at, CAST('2024-08-01' AS DATE))");
    }

    @Test
    void shouldRefuseAWatermarkOnAColumnTheSourceLacks() {
        assertThatThrownBy(() -> WatermarkFilter.beyond(source("id BIGINT"), EXCLUSIVE, CURRENT, null, List.of()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("watermark.column", "the source has no column 'updated_at'")));
    }

    @Test
    void shouldAddTheRowsAtAnInclusiveWatermarkWhenTheWriteAbsorbsRepeats() {
        Dataset<Row> result = mock(Dataset.class);
        when(later.unionByName(ties)).thenReturn(result);

        assertThat(WatermarkFilter.beyond(source("id BIGINT, updated_at TIMESTAMP"), INCLUSIVE, CURRENT, null, List.of("id")))
                .isSameAs(result);
        assertThat(filters).containsExactlyInAnyOrder(BEYOND, AT);
    }

    @Test
    void shouldAddOnlyTheRowsAtAnInclusiveWatermarkWhoseKeysTheTableLacks() {
        Dataset<Row> loaded = mock(Dataset.class);
        Dataset<Row> loadedAtBoundary = mock(Dataset.class);
        Dataset<Row> loadedKeys = mock(Dataset.class);
        Dataset<Row> newTies = mock(Dataset.class);
        Dataset<Row> result = mock(Dataset.class);
        List<String> loadedFilters = new ArrayList<>();
        List<String> keyColumns = new ArrayList<>();
        List<String> joinColumns = new ArrayList<>();
        when(loaded.where(any(Column.class))).thenAnswer(call -> {
            loadedFilters.add(call.getArgument(0).toString());
            return loadedAtBoundary;
        });
        when(loadedAtBoundary.select(any(Column[].class))).thenAnswer(call -> {
            for (Object column : call.getArguments()) {
                keyColumns.add(column.toString());
            }
            return loadedKeys;
        });
        when(ties.join(eq(loadedKeys), any(Seq.class), eq("left_anti"))).thenAnswer(call -> {
            joinColumns.addAll(CollectionConverters.asJava((Seq<String>) call.getArgument(1)));
            return newTies;
        });
        when(later.unionByName(newTies)).thenReturn(result);

        assertThat(WatermarkFilter.beyond(source("id BIGINT, region STRING, updated_at TIMESTAMP"), INCLUSIVE, CURRENT, loaded,
                List.of("id", "region"))).isSameAs(result);
        assertThat(loadedFilters).containsExactly(AT);
        assertThat(keyColumns).containsExactly("id", "region");
        assertThat(joinColumns).containsExactly("id", "region");
    }

    @Test
    void shouldStoreTheGreatestValueInCanonicalText() {
        Dataset<Row> rows = mock(Dataset.class);
        Dataset<Row> greatest = mock(Dataset.class);
        List<String> aggregates = new ArrayList<>();
        when(rows.agg(any(Column.class), any(Column[].class))).thenAnswer(call -> {
            aggregates.add(call.getArgument(0).toString());
            return greatest;
        });
        when(greatest.first()).thenReturn(RowFactory.create(Timestamp.from(Instant.parse("2024-08-02T08:00:00.123456Z"))));
        when(greatest.schema()).thenReturn(new StructType().add("max(updated_at)", DataTypes.TimestampType));

        assertThat(WatermarkFilter.greatest(rows, "updated_at")).isEqualTo("2024-08-02T08:00:00.123456Z");
        assertThat(aggregates).containsExactly("max(updated_at)");
    }

    @Test
    void shouldFindNoGreatestValueAmongNoRows() {
        Dataset<Row> rows = mock(Dataset.class);
        Dataset<Row> greatest = mock(Dataset.class);
        when(rows.agg(any(Column.class), any(Column[].class))).thenReturn(greatest);
        when(greatest.first()).thenReturn(RowFactory.create((Object) null));
        when(greatest.schema()).thenReturn(new StructType().add("max(id)", DataTypes.LongType));

        assertThat(WatermarkFilter.greatest(rows, "id")).isNull();
    }
}
