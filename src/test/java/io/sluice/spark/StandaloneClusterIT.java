package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.sluice.support.ServiceProcess;
import io.sluice.support.SparkCluster;
import tools.jackson.databind.JsonNode;

/**
 * The built jar driving a real Spark standalone cluster (a master and a worker on loopback, executors
 * in JVMs of their own): nothing but {@code sluice.spark.master} and the driver's address changed.
 * The executors get Sluice's classes and Delta from the driver; they have only Spark's jars.
 */
class StandaloneClusterIT {

    @Test
    void appendDynamicOverwriteAndMergeShouldRunOnTheClustersExecutors() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "cluster-" + System.currentTimeMillis()));
        try (SparkCluster cluster = SparkCluster.start(dir, 2, "2g");
                ServiceProcess service = new ServiceProcess(dir.resolve("data"), dir.resolve("service.log"), cluster.driverArguments("1g"))
                        .executableJar().start().awaitReady(Duration.ofMinutes(3))) {
            run(service, """
                    {"table": "lake.events", "strategy": "append", "partitionBy": ["day"],
                     "source": {"type": "inline", "schema": "id BIGINT, name STRING, day STRING",
                                "rows": [{"id": 1, "name": "a", "day": "d1"}, {"id": 2, "name": "b", "day": "d2"}]}}""");
            run(service, """
                    {"table": "lake.events", "strategy": "dynamic_overwrite",
                     "source": {"type": "inline", "schema": "day STRING, id BIGINT, name STRING",
                                "rows": [{"id": 3, "name": "c", "day": "d2"}, {"id": 4, "name": "d", "day": "d3"}]}}""");
            assertThat(service.rows("lake.events", "id", "name", "day")).containsExactly("1:a:d1", "3:c:d2", "4:d:d3");
            JsonNode merge = run(service, """
                    {"table": "lake.events", "strategy": "merge", "keys": ["id"],
                     "source": {"type": "inline", "schema": "id BIGINT, name STRING, day STRING",
                                "rows": [{"id": 3, "name": "C", "day": "d2"}, {"id": 5, "name": "e", "day": "d1"}]}}""");
            assertThat(merge.get("metrics").get("rowsUpdated").asLong()).isEqualTo(1);
            assertThat(merge.get("metrics").get("rowsInserted").asLong()).isEqualTo(1);
            assertThat(service.rows("lake.events", "id", "name", "day")).containsExactly("1:a:d1", "3:C:d2", "4:d:d3", "5:e:d1");

            JsonNode app = cluster.state().get("activeapps").get(0);
            assertThat(app.get("name").asString()).isEqualTo("sluice");
            assertThat(app.get("cores").asInt()).as("cores granted to its executors: %s", app).isPositive();
        }
    }

    private static JsonNode run(ServiceProcess service, String request) throws Exception {
        JsonNode run = service.awaitEnd(service.json("POST", "/api/v1/runs", request).get("id").asString(), Duration.ofMinutes(3));
        assertThat(run.get("status").asString()).as("%s", run).isEqualTo("SUCCEEDED");
        return run;
    }
}
