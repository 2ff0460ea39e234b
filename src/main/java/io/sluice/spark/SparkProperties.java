package io.sluice.spark;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine's settings. Warehouse and metastore default to folders under {@code sluice.data-dir};
 * {@code conf} passes any other {@code spark.*} setting through unchanged (it wins over the defaults
 * Sluice sets, so a cluster or object store is configuration only).
 */
@ConfigurationProperties("sluice.spark")
public record SparkProperties(
        @DefaultValue("local[*]") String master,
        @DefaultValue("sluice") String appName,
        Path warehouseDir,
        Path metastoreDir,
        @DefaultValue("4") int shufflePartitions,
        @DefaultValue("false") boolean uiEnabled,
        @DefaultValue("true") boolean warmUp,
        Map<String, String> conf) {

    public SparkProperties {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
}
