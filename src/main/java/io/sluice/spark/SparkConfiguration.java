package io.sluice.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.sluice.SluiceProperties;

/** The one SparkSession of the service: Hive catalog (embedded Derby by default, or a shared metastore service) plus Delta. */
@Configuration(proxyBeanMethods = false)
class SparkConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SparkConfiguration.class);

    @Bean(destroyMethod = "stop")
    SparkSession sparkSession(SparkProperties spark, CatalogProperties catalog, SluiceProperties sluice) {
        Map<String, String> conf = new LinkedHashMap<>(spark.settings(sluice, catalog));
        if (!spark.local() && spark.shipJars()) {
            List<String> jars = ExecutorJars.prepare(sluice.resolve("executor-jars")).stream().map(jar -> jar.toUri().toString()).toList();
            conf.merge("spark.jars", String.join(",", jars), (given, ours) -> given + "," + ours);
            log.info("Executors get {}", jars);
        }
        // Derby writes derby.log into derby.system.home (else into the working directory).
        System.setProperty("derby.system.home", spark.metastore(sluice).toString());
        SparkSession.Builder builder = SparkSession.builder().master(spark.master()).appName(spark.appName());
        conf.forEach(builder::config);
        long start = System.nanoTime();
        SparkSession session = builder.enableHiveSupport().getOrCreate();
        log.info("SparkSession {} started on {} in {} ms (Spark {}, warehouse {}, metastore {})",
                session.sparkContext().applicationId(), spark.master(), (System.nanoTime() - start) / 1_000_000,
                session.version(), conf.get("spark.sql.warehouse.dir"), conf.getOrDefault(CatalogProperties.RAW_URIS, "embedded Derby"));
        return session;
    }
}
