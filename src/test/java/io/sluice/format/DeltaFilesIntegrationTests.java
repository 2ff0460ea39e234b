package io.sluice.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import scala.Option;

/**
 * A small Delta table's files by partition are counted from its version checksum, without a Spark job, and the counts are
 * those Spark gives over the reconstructed state: files, small files, bytes, rows deletion vectors hide, files to purge.
 */
@SluiceIntegrationTest
class DeltaFilesIntegrationTests {

    static final long TARGET = 128L * 1024 * 1024;

    @Autowired
    SparkSession spark;

    @Autowired
    TableCatalog catalog;

    @Test
    void shouldCountASmallTablesFilesFromItsChecksumAsSparkCountsThem() {
        String table = SluiceClient.uniqueTable("delta_files");
        spark.sql("CREATE DATABASE IF NOT EXISTS it");
        spark.sql("CREATE TABLE " + table + " (id BIGINT, day STRING) USING delta PARTITIONED BY (day)"
                + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        spark.sql("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, NULL)");
        spark.sql("INSERT INTO " + table + " VALUES (5, 'a')");
        spark.sql("DELETE FROM " + table + " WHERE id = 1"); // half of its file's rows: past Delta's 5%, a file to purge
        TableState state = catalog.state(spark, TableName.parse("table", table)).orElseThrow();
        Snapshot snapshot = DeltaLog.forTable(spark, state.location()).update(false, Option.empty(), Option.empty());
        double maxRatio = DeltaFiles.maxDeletedRowsRatio(spark);

        assertThat(DeltaFiles.listed(snapshot)).as("Delta lists a small table's files in its checksum").isPresent();
        List<PartitionFiles> fromChecksum = sorted(DeltaFiles.fromChecksum(DeltaFiles.listed(snapshot).orElseThrow(), state, TARGET, maxRatio));
        List<PartitionFiles> fromState = sorted(DeltaFiles.fromState(snapshot, state, TARGET, maxRatio));

        assertThat(fromChecksum).isEqualTo(fromState);
        assertThat(fromChecksum).extracting(PartitionFiles::partition, PartitionFiles::files, PartitionFiles::smallFiles,
                PartitionFiles::deletedRows, PartitionFiles::filesToPurge)
                .containsExactly(tuple(Map.of("day", "a"), 2L, 2L, 1L, 1L),
                        tuple(Map.of("day", "b"), 1L, 1L, 0L, 0L),
                        tuple(nullDay(), 1L, 1L, 0L, 0L));
        assertThat(DeltaFiles.byPartition(spark, DeltaLog.forTable(spark, state.location()), state, TARGET)).isEqualTo(fromChecksum);
    }

    private static List<PartitionFiles> sorted(List<PartitionFiles> files) {
        return files.stream().sorted(Comparator.comparing(f -> String.valueOf(f.partition().get("day")))).toList();
    }

    private static Map<String, String> nullDay() {
        Map<String, String> values = new HashMap<>();
        values.put("day", null);
        return values;
    }
}
