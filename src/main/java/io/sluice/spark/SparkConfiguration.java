package io.sluice.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.sluice.SluiceProperties;

/** The one SparkSession of the service: Hive catalog (embedded Derby by default) plus Delta. */
@Configuration(proxyBeanMethods = false)
class SparkConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SparkConfiguration.class);

    @Bean(destroyMethod = "stop")
    SparkSession sparkSession(SparkProperties spark, SluiceProperties sluice) {
        Map<String, String> conf = settings(spark, sluice);
        SparkSession.Builder builder = SparkSession.builder().master(spark.master()).appName(spark.appName());
        conf.forEach(builder::config);
        long start = System.nanoTime();
        SparkSession session = builder.enableHiveSupport().getOrCreate();
        log.info("SparkSession {} started on {} in {} ms (Spark {}, warehouse {})",
                session.sparkContext().applicationId(), spark.master(), (System.nanoTime() - start) / 1_000_000,
                session.version(), conf.get("spark.sql.warehouse.dir"));
        return session;
    }

    static Map<String, String> settings(SparkProperties spark, SluiceProperties sluice) {
        Path warehouse = spark.warehouseDir() != null ? spark.warehouseDir() : sluice.resolve("warehouse");
        Path metastore = spark.metastoreDir() != null ? spark.metastoreDir() : sluice.resolve("metastore");
        // Derby writes derby.log into derby.system.home (else the working directory).
        System.setProperty("derby.system.home", metastore.toAbsolutePath().toString());
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        conf.put("spark.sql.catalogImplementation", "hive");
        conf.put("spark.sql.warehouse.dir", warehouse.toAbsolutePath().toUri().toString());
        conf.put("spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + metastore.toAbsolutePath().resolve("metastore_db") + ";create=true");
        conf.put("spark.sql.shuffle.partitions", Integer.toString(spark.shufflePartitions()));
        conf.put("spark.ui.enabled", Boolean.toString(spark.uiEnabled()));
        // Tomcat must own the JVM-wide URL stream handler factory (STACK.md: "factory already defined").
        conf.put("spark.sql.defaultUrlStreamHandlerFactory.enabled", "false");
        // Runs on different tables share the context; FAIR lets a small run pass a large one.
        conf.put("spark.scheduler.mode", "FAIR");
        if (spark.master().startsWith("local")) {
            conf.put("spark.driver.host", "127.0.0.1");
            conf.put("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.putAll(spark.conf());
        return conf;
    }
}
