package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.apache.hadoop.hive.conf.HiveConf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.sluice.SluiceProperties;

class SparkPropertiesTests {

    final SluiceProperties sluice = new SluiceProperties(Path.of("/srv/sluice"));

    @Test
    void shouldPutWarehouseAndMetastoreUnderTheDataDirectoryWithDeltaAndHive() {
        Map<String, String> settings = properties("local[*]", Map.of()).settings(sluice);
        assertThat(settings)
                .containsEntry("spark.sql.warehouse.dir", "file:///srv/sluice/warehouse")
                .containsEntry("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=/srv/sluice/metastore/metastore_db;create=true")
                .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .containsEntry("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .containsEntry("spark.sql.catalogImplementation", "hive")
                .containsEntry("spark.sql.shuffle.partitions", "4")
                .containsEntry("spark.driver.host", "127.0.0.1")
                .containsEntry("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
                .containsEntry("spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
    }

    @Test
    void shouldPinTheSessionTimeZoneToUtcAndWriteTimestampsAsParquetMicroseconds() {
        SparkProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("sluice.spark", SparkProperties.class);
        assertThat(defaults.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(defaults.settings(sluice))
                .containsEntry("spark.sql.session.timeZone", "UTC")
                .containsEntry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    }

    @Test
    void shouldTakeTheSessionTimeZoneFromItsOwnPropertyAndLetConfWinOverIt() {
        SparkProperties berlin = new Binder(new MapConfigurationPropertySource(Map.of("sluice.spark.time-zone", "Europe/Berlin")))
                .bind("sluice.spark", SparkProperties.class).get();
        assertThat(berlin.settings(sluice)).containsEntry("spark.sql.session.timeZone", "Europe/Berlin");
        assertThat(properties("local[*]", Map.of("spark.sql.session.timeZone", "+02:00")).settings(sluice))
                .containsEntry("spark.sql.session.timeZone", "+02:00");
    }

    @Test
    void shouldRefuseATimeZoneJavaDoesNotKnow() {
        MapConfigurationPropertySource yaml = new MapConfigurationPropertySource(Map.of("sluice.spark.time-zone", "Mars/Olympus"));
        assertThatThrownBy(() -> new Binder(yaml).bind("sluice.spark", SparkProperties.class)).isInstanceOf(BindException.class);
    }

    @Test
    void shouldBoundEachMetastoreCallToAMinuteInAFormHiveReadsUnlessConfSaysOtherwise() {
        String timeout = properties("local[*]", Map.of()).settings(sluice).get("spark.hadoop.hive.metastore.client.socket.timeout");
        HiveConf hive = new HiveConf();
        hive.setVar(HiveConf.ConfVars.METASTORE_CLIENT_SOCKET_TIMEOUT, timeout);
        assertThat(hive.getTimeVar(HiveConf.ConfVars.METASTORE_CLIENT_SOCKET_TIMEOUT, TimeUnit.MILLISECONDS)).isEqualTo(60_000);

        assertThat(properties("local[*]", Map.of("spark.hadoop.hive.metastore.client.socket.timeout", "300s")).settings(sluice))
                .containsEntry("spark.hadoop.hive.metastore.client.socket.timeout", "300s");
    }

    @Test
    void shouldTakeAWarehouseOnObjectStorageAsGivenAndAFolderAsAnAbsolutePath() {
        assertThat(warehouse("s3a://lake/warehouse")).isEqualTo("s3a://lake/warehouse");
        assertThat(warehouse("hdfs://namenode:8020/warehouse")).isEqualTo("hdfs://namenode:8020/warehouse");
        assertThat(warehouse("/mnt/lake/warehouse")).isEqualTo("file:///mnt/lake/warehouse");
        assertThat(warehouse("lake")).isEqualTo(Path.of("lake").toAbsolutePath().toUri().toString());
    }

    @Test
    void shouldLetConfiguredSparkSettingsWinOverTheDefaults() {
        Map<String, String> settings = properties("spark://cluster:7077",
                Map.of("spark.sql.shuffle.partitions", "64", "spark.executor.memory", "8g")).settings(sluice);
        assertThat(settings).containsEntry("spark.sql.shuffle.partitions", "64").containsEntry("spark.executor.memory", "8g")
                .doesNotContainKey("spark.driver.host")
                .doesNotContainKey("spark.hadoop.fs.file.impl"); // a cluster's executors could not load Sluice's file system
    }

    @Test
    void shouldKeepBracketedSettingNamesExactlyAsSparkSpellsThem() {
        MapConfigurationPropertySource yaml = new MapConfigurationPropertySource(Map.of("sluice.spark.master", "spark://spark-master:7077",
                "sluice.spark.conf.[spark.driver.bindAddress]", "0.0.0.0", "sluice.spark.conf.[spark.driver.host]", "sluice"));
        SparkProperties bound = new Binder(yaml).bind("sluice.spark", SparkProperties.class).get();
        assertThat(bound.conf()).containsExactlyInAnyOrderEntriesOf(Map.of("spark.driver.bindAddress", "0.0.0.0", "spark.driver.host", "sluice"));
        assertThat(bound.local()).isFalse();
        assertThat(bound.shipJars()).isTrue();
    }

    @Test
    void shouldHandExecutorsSluicesClassesDeltaAndTheJdbcDriverAsPlainJars(@TempDir Path folder) throws Exception {
        List<Path> jars = ExecutorJars.prepare(folder);
        assertThat(jars).extracting(jar -> jar.getFileName().toString()).contains("sluice-classes.jar")
                .anyMatch(name -> name.startsWith("delta-spark_2.13-")).anyMatch(name -> name.startsWith("delta-storage-"))
                .anyMatch(name -> name.startsWith("postgresql-"));
        try (JarFile classes = new JarFile(folder.resolve("sluice-classes.jar").toFile())) {
            assertThat(classes.getEntry("io/sluice/SluiceApplication.class")).isNotNull();
        }
    }

    private String warehouse(String warehouseDir) {
        return new SparkProperties("local[*]", "sluice", warehouseDir, null, 4, ZoneId.of("UTC"), false, true, false, true, Map.of()).settings(sluice)
                .get("spark.sql.warehouse.dir");
    }

    private static SparkProperties properties(String master, Map<String, String> conf) {
        return new SparkProperties(master, "sluice", null, null, 4, ZoneId.of("UTC"), false, true, false, true, conf);
    }
}
