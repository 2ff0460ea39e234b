package io.sluice.strategy;

import static io.sluice.strategy.StrategiesIntegrationTests.EVENTS;
import static io.sluice.strategy.StrategiesIntegrationTests.event;
import static io.sluice.strategy.StrategiesIntegrationTests.request;
import static io.sluice.strategy.StrategiesIntegrationTests.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.format.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.format.SymlinkManifest;
import io.sluice.table.TableState;
import io.sluice.write.WriteRequest;
import io.sluice.write.WriteOptions;
import io.sluice.write.SchemaPolicy;
import io.sluice.format.CompactRequest;
import io.sluice.format.Format;
import io.sluice.format.Formats;
import io.sluice.write.MergeActions;
import io.sluice.write.DuplicatePolicy;
import io.sluice.write.FaultStep;

/**
 * A Parquet write that fails between its steps (data staged; new partitions added; before the swap)
 * leaves the table readable with exactly its previous rows and partitions, and what it staged is
 * never read: the next run sees only committed data. A failure after the swap is a committed write. The
 * symlink manifests list exactly the files Spark reads by the metastore, after the failure (and the run's clean-up).
 */
@SluiceIntegrationTest
class ParquetFailureInjectionIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    @Autowired
    TableCatalog catalog;

    @Autowired
    Strategies strategies;

    @Autowired
    Formats formats;

    @ParameterizedTest(name = "{0} on a table partitioned by [{1}], failing at {2}")
    @CsvSource({
            "drop_partition, event_date, STAGED",
            "drop_partition, event_date, PARTITIONS_ADDED",
            "merge,          event_date, STAGED",
            "merge,          event_date, PARTITIONS_ADDED",
            "merge,          ,           STAGED",
            "merge,          ,           PARTITIONS_ADDED",
            "drop_partition, event_date, SWAPPED" })
    void aFailureBetweenStepsShouldLeaveTheTableAsItWas(String strategy, String partitionBy, FaultStep failAt) throws IOException {
        String table = SluiceClient.uniqueTable("inject");
        String partitioning = partitionBy == null ? "" : ", \"partitionBy\": [\"" + partitionBy + "\"]";
        sluice.submitAndAwait(request(table, TableFormat.PARQUET, strategy, "\"keys\": [\"id\"]" + partitioning, EVENTS,
                row(1, "a", "2024-08-01"), row(2, "b", "2024-08-02")));
        List<Map<String, Object>> before = sluice.rows(table, "id");
        List<Row> partitionsBefore = partitions(table);

        SparkSession session = spark.newSession();
        Dataset<Row> increment = session.sql("SELECT * FROM VALUES (2L, 'B', DATE'2024-08-02'), (3L, 'c', DATE'2024-08-03')"
                + " AS v(id, name, event_date)");
        WriteStrategy write = strategies.find(StrategyName.valueOf(strategy.toUpperCase(java.util.Locale.ROOT))).orElseThrow();
        TableName name = TableName.parse("table", table);
        TableState state = catalog.state(session, name).orElseThrow();
        WriteOptions options = new WriteOptions(List.of("id"), List.of(), List.of(), MergeActions.WhenMatched.UPDATE,
                MergeActions.WhenNotMatched.INSERT, false, false, DuplicatePolicy.FAIL, List.of(), SchemaPolicy.FAIL);
        UUID runId = UUID.randomUUID();
        assertThatThrownBy(() -> write.write(new WriteRequest(runId, session, name, java.util.Optional.of(state), List.of(), increment,
                options, Map.of(), step -> {
                    if (step == failAt) {
                        throw new IllegalStateException("injected at " + step);
                    }
                }), formats.of(state))).hasMessage("injected at " + failAt);

        List<Map<String, Object>> written = List.of(event(1, "a", "2024-08-01"), event(2, "B", "2024-08-02"),
                event(3, "c", "2024-08-03"));
        if (failAt == FaultStep.SWAPPED) {
            assertThat(sluice.rows(table, "id")).as("committed before the failure").containsExactlyElementsOf(written);
            formats.of(state).abandon(session, catalog.state(session, name).orElseThrow(), runId); // as a run does after a failure
            assertThat(manifestLines(state)).as("the manifests follow the commit").isEqualTo(filesSparkReads(table));
            return;
        }
        assertThat(sluice.rows(table, "id")).containsExactlyElementsOf(before);
        assertThat(manifestLines(state)).as("the manifests still list the previous files").isEqualTo(filesSparkReads(table));
        assertThat(partitions(table)).containsExactlyElementsOf(partitionsBefore);

        // the next run sees only committed data, not what the failed one staged
        sluice.submitAndAwait(request(table, TableFormat.PARQUET, strategy, "\"keys\": [\"id\"]", EVENTS,
                row(2, "B", "2024-08-02"), row(3, "c", "2024-08-03")));
        assertThat(sluice.rows(table, "id")).containsExactlyElementsOf(written);
    }

    @ParameterizedTest(name = "a compaction failing at {0}")
    @CsvSource({ "STAGED", "PARTITIONS_ADDED" })
    void aCompactionFailingBetweenStepsShouldLeaveTheFilesAsTheyWere(FaultStep failAt) throws IOException {
        String table = SluiceClient.uniqueTable("inject_compact");
        for (int run = 1; run <= 3; run++) {
            sluice.submitAndAwait(request(table, TableFormat.PARQUET, "append", "\"partitionBy\": [\"event_date\"]", EVENTS,
                    row(run, "a", "2024-08-01"), row(10 + run, "b", "2024-08-02")));
        }
        List<Map<String, Object>> before = sluice.rows(table, "id");
        Set<String> filesBefore = filesSparkReads(table);

        SparkSession session = spark.newSession();
        TableState state = catalog.state(session, TableName.parse("table", table)).orElseThrow();
        Format format = formats.of(state);
        UUID runId = UUID.randomUUID();
        var partitions = format.dataFiles(session, state, 1024 * 1024);
        assertThatThrownBy(() -> format.compact(new CompactRequest(runId, session, state, partitions, 1024 * 1024,
                Map.of("runId", runId.toString()), step -> {
                    if (step == failAt) {
                        throw new IllegalStateException("injected at " + step);
                    }
                }))).hasMessage("injected at " + failAt);
        format.abandon(session, state, runId); // as the run does after a failure

        assertThat(sluice.rows(table, "id")).containsExactlyElementsOf(before);
        assertThat(filesSparkReads(table)).as("the files are the ones the appends wrote").isEqualTo(filesBefore);
        assertThat(manifestLines(state)).isEqualTo(filesBefore);
    }

    /** Every line of the table's symlink manifests, read through Hadoop's file system (local files or s3a:). */
    private Set<String> manifestLines(TableState table) throws IOException {
        org.apache.hadoop.fs.Path manifests = SymlinkManifest.directory(table.location());
        FileSystem fs = manifests.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Set<String> lines = new TreeSet<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(manifests, true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path manifest = files.next().getPath();
            if (manifest.getName().equals("manifest")) {
                try (var in = fs.open(manifest)) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
                }
            }
        }
        return lines;
    }

    /** The files Spark reads for the table, by the metastore's partitions, written as Hadoop paths (as in a manifest). */
    private Set<String> filesSparkReads(String table) {
        SparkSession session = spark.newSession();
        session.catalog().refreshTable(table);
        return Stream.of(session.table(table).inputFiles()).map(file -> new org.apache.hadoop.fs.Path(URI.create(file)).toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private List<Row> partitions(String table) {
        return spark.newSession().sql(catalog.state(spark, TableName.parse("table", table)).orElseThrow().partitionBy().isEmpty()
                ? "SELECT 1" : "SHOW PARTITIONS " + table).collectAsList();
    }
}
