package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
                .containsEntry("spark.driver.host", "127.0.0.1");
    }

    @Test
    void shouldLetConfiguredSparkSettingsWinOverTheDefaults() {
        Map<String, String> settings = properties("spark://cluster:7077",
                Map.of("spark.sql.shuffle.partitions", "64", "spark.executor.memory", "8g")).settings(sluice);
        assertThat(settings).containsEntry("spark.sql.shuffle.partitions", "64").containsEntry("spark.executor.memory", "8g")
                .doesNotContainKey("spark.driver.host");
    }

    private static SparkProperties properties(String master, Map<String, String> conf) {
        return new SparkProperties(master, "sluice", null, null, 4, false, true, conf);
    }
}
