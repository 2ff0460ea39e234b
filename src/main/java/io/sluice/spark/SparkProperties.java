package io.sluice.spark;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.sluice.SluiceProperties;
import io.sluice.cluster.FencedHdfsLogStore;
import io.sluice.cluster.FencedS3LogStore;

/**
 * The engine's settings. Warehouse and metastore default to folders under {@code sluice.data-dir}; the
 * warehouse may be a folder or a URI ({@code s3a://bucket/warehouse}, {@code hdfs://…});
 * {@code conf} passes any other {@code spark.*} setting through unchanged (it wins over the defaults
 * Sluice sets, so a cluster or object store is configuration only). {@code shipJars}: on a cluster
 * master, Sluice hands its executors its own classes, Delta and the JDBC drivers ({@link ExecutorJars}).
 * {@code exitAfterWarmUp}: a class data sharing training run (README, {@link EngineWarmup}).
 * {@code timeZone}: the session time zone, in which timestamps without an offset are read and written as text.
 */
@ConfigurationProperties("sluice.spark")
public record SparkProperties(
        @DefaultValue("local[*]") String master,
        @DefaultValue("sluice") String appName,
        String warehouseDir,
        Path metastoreDir,
        @DefaultValue("4") int shufflePartitions,
        @DefaultValue("UTC") ZoneId timeZone,
        @DefaultValue("false") boolean uiEnabled,
        @DefaultValue("true") boolean warmUp,
        @DefaultValue("false") boolean exitAfterWarmUp,
        @DefaultValue("true") boolean shipJars,
        Map<String, String> conf) {

    public SparkProperties {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }

    public boolean local() {
        return master.startsWith("local");
    }

    public Path metastore(SluiceProperties sluice) {
        return metastoreDir != null ? metastoreDir.toAbsolutePath() : sluice.resolve("metastore");
    }

    /** {@code warehouseDir} as a URI: a scheme's URI as given, a folder made absolute; {@code <data-dir>/warehouse} by default. */
    public String warehouse(SluiceProperties sluice) {
        if (warehouseDir == null || warehouseDir.isBlank()) {
            return sluice.resolve("warehouse").toUri().toString();
        }
        return warehouseDir.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*") ? warehouseDir : Path.of(warehouseDir).toAbsolutePath().toUri().toString();
    }

    /** {@link #settings(SluiceProperties, CatalogProperties)} with the embedded metastore. */
    public Map<String, String> settings(SluiceProperties sluice) {
        return settings(sluice, CatalogProperties.embedded());
    }

    /** Every Spark setting of the service's session: Sluice's defaults and the catalog's, then {@code conf} over them. */
    public Map<String, String> settings(SluiceProperties sluice, CatalogProperties catalog) {
        Path metastore = metastore(sluice);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        settings.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        settings.put("spark.sql.catalogImplementation", "hive");
        settings.put("spark.sql.warehouse.dir", warehouse(sluice));
        settings.put("spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + metastore.toAbsolutePath().resolve("metastore_db") + ";create=true");
        settings.putAll(catalog.settings());
        settings.put("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
        // Otherwise the JVM's zone: the same text would mean another instant on another host, and watermarks, which are
        // kept as text in this zone, would move when the service moved.
        settings.put("spark.sql.session.timeZone", timeZone.getId());
        // Spark's default is INT96, deprecated in Parquet: Arrow-based readers take it as nanoseconds, which cannot hold
        // dates far from 1970. Delta's writer follows this setting too.
        settings.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        // Delta rebuilds a table's state from its log with this many tasks (default 50, for clusters). Each task
        // generates its projections' code first, which on a few cores cost more than the replay itself (BENCHMARKS.md).
        settings.put("spark.databricks.delta.snapshotPartitions", Integer.toString(shufflePartitions));
        settings.put("spark.ui.enabled", Boolean.toString(uiEnabled));
        // Tomcat must own the JVM-wide URL stream handler factory (docs/stack.md: "factory already defined").
        settings.put("spark.sql.defaultUrlStreamHandlerFactory.enabled", "false");
        // Tables a run creates take deletion vectors from sluice.tables.delta.deletion-vectors, as a table property
        // (NewDeltaTables); this session default covers the others, such as the warm-up's, and named in conf it wins.
        settings.put("spark.databricks.delta.properties.defaults.enableDeletionVectors", "true");
        // Runs on different tables share the context; FAIR lets a small run pass a large one.
        settings.put("spark.scheduler.mode", "FAIR");
        // A service runs for weeks: keep the status store (live progress, the UI) to recent work, not Spark's
        // interactive defaults (1000 jobs and stages, 100000 tasks, 1000 SQL executions).
        settings.put("spark.ui.retainedJobs", "200");
        settings.put("spark.ui.retainedStages", "200");
        settings.put("spark.ui.retainedTasks", "10000");
        settings.put("spark.sql.ui.retainedExecutions", "50");
        // The same for the driver's cached thread pools: AQE stages, shuffle and broadcast preparation (1024, 1024 and 128
        // threads at most by default, each idle thread kept a minute) swung the soak's thread count (BENCHMARKS.md, soak).
        settings.put("spark.sql.resultQueryStage.maxThreadThreshold", "32");
        settings.put("spark.sql.shuffleExchange.maxThreadThreshold", "32");
        settings.put("spark.sql.broadcastExchange.maxThreadThreshold", "32");
        // Generated code is compiled once per distinct plan and kept in an LRU cache of 100 classes by default. One merge
        // alone generates some 40, so a service cycling through a few tables' runs evicted its classes before reusing them
        // and recompiled them on every round (BENCHMARKS.md, Test suite time).
        settings.put("spark.sql.codegen.cache.maxEntries", "1000");
        // Delta's own log stores, with the check of the run's table lease just before each commit file (CommitFence): a
        // table with no lease registered commits as before. A log store named in conf (DynamoDB's for S3) wins.
        for (String scheme : List.of("file", "hdfs")) {
            settings.put("spark.delta.logStore." + scheme + ".impl", FencedHdfsLogStore.class.getName());
        }
        for (String scheme : List.of("s3", "s3a", "s3n")) {
            settings.put("spark.delta.logStore." + scheme + ".impl", FencedS3LogStore.class.getName());
        }
        if (local()) {
            // Sorts (a partitioned write's) take memory in pages of this size, 32-64 MB by default on a few GB of heap.
            // A task thread keeps its last sorter, page included, in a thread-local after the task: the soak's live heap
            // swung with it (BENCHMARKS.md, soak). Small pages bound that, and spare a small run zeroing large arrays.
            settings.put("spark.buffer.pageSize", "4m");
            settings.put("spark.driver.host", "127.0.0.1");
            settings.put("spark.driver.bindAddress", "127.0.0.1");
            // Local files without a forked chmod or readlink per file (NioLocalFileSystem). Local masters only: a cluster's
            // executors would need Sluice's classes before they could open any file: path.
            settings.put("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
            settings.put("spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
        }
        settings.putAll(conf);
        return settings;
    }
}
