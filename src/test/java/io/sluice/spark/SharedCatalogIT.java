package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.sluice.support.HiveMetastore;
import io.sluice.support.PlainSparkReader;
import io.sluice.support.Postgres;
import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared catalog, proved by an independent reader: a Hive metastore service on PostgreSQL, the built jar with
 * the {@code shared-catalog} and {@code postgres} profiles against it, and a separate JVM with plain Spark and Delta
 * and no Sluice class. Sluice starts before the metastore listens: it stays alive, and readiness says DOWN and why
 * (to a viewer; an anonymous probe sees the status alone) soon after the start, not after Hive's minutes of retries;
 * meanwhile runs are refused at once with that reason, and a read that reaches the catalog answers it too. Once the
 * metastore listens, a later warm-up attempt succeeds without a restart. After every strategy, on a partitioned Delta
 * and a partitioned Parquet table, the other JVM reads each table by name while Sluice keeps running and gets exactly
 * the rows (a microsecond timestamp, a decimal). Then Sluice starts again with a fresh data directory, first while the
 * metastore is paused (it accepts connections and answers nothing): readiness turns DOWN once the warm-up attempt
 * times out, naming the address and its property, and READY when the metastore goes on. The metastore alone tells it
 * its tables, the ledger its runs and history, and one more run works. An address that is not thrift://host:port
 * stops the start with its reason.
 */
class SharedCatalogIT {

    private static final List<String> FORMATS = List.of("delta", "parquet");
    private static final String VIEWER = "shared-catalog-viewer-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN = """
            {"table": "demo.events", "strategy": "append",
             "source": {"type": "inline", "schema": "id BIGINT", "rows": [{"id": 1}]}}""";

    @Test
    void shouldWaitForItsMetastoreLetAnotherEngineReadEveryStrategysResultByNameAndARestartedServiceFindItsTables() throws Exception {
        long start = System.nanoTime();
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "shared-catalog-" + UUID.randomUUID()));
        String ledger = "sluice_ledger_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String ledgerUrl = Postgres.freshDatabase(ledger);
        // the warehouse every engine reaches (table locations in the metastore are absolute); data directories differ
        Path warehouse = dir.resolve("warehouse");
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=shared-catalog,postgres",
                "--spring.datasource.url=" + ledgerUrl, "--spring.datasource.username=" + Postgres.user(),
                "--sluice.spark.warehouse-dir=" + warehouse, "--sluice.security.api-keys[1].name=viewer",
                "--sluice.security.api-keys[1].key=" + VIEWER, "--sluice.security.api-keys[1].role=viewer"));
        try (ServiceProcess misconfigured = new ServiceProcess(dir.resolve("misconfigured"), dir.resolve("misconfigured.log"),
                concat(arguments, "--sluice.catalog.metastore-uris=hms.internal:9083")).start();
                HiveMetastore metastore = HiveMetastore.create(dir.resolve("metastore"))) {
            assertThat(misconfigured.awaitExit(Duration.ofMinutes(2))).as("a start-up error, not a hang").isNotZero();
            assertThat(Files.readString(dir.resolve("misconfigured.log")))
                    .contains("sluice.catalog.metastore-uris: 'hms.internal:9083' is not a thrift://host:port address");

            arguments.add("--sluice.catalog.metastore-uris=" + metastore.uri());
            Map<String, List<String>> runs = Map.of("delta", new ArrayList<>(), "parquet", new ArrayList<>());
            // the metastore is not listening yet; a short retry wait, so the attempt after it listens comes within seconds
            Path log = dir.resolve("service-1.log");
            try (ServiceProcess sluice = new ServiceProcess(dir.resolve("data-1"), log,
                    concat(arguments, "--sluice.spark.warm-up-retry.max-delay=4s")).start()) {
                assertAliveButRefusingWhileTheMetastoreIsDown(sluice, metastore.uri(), log);

                metastore.listen();
                try (PlainSparkReader reader = PlainSparkReader.start(dir.resolve("reader"), metastore.uri())) {
                    assertThat(reader.banner()).isEqualTo("READY 4.1.1 sluice-classes=absent");
                    sluice.awaitReady(Duration.ofMinutes(3)); // a later warm-up attempt, in the same process

                    runAll(sluice, runs, "append", "\"partitionBy\": [\"day\"],",
                            row(1, "2026-01-02T03:04:05.123456Z", "12.50", "d1"), row(2, "2026-01-02T03:04:05.000001Z", "0.01", "d2"));
                    assertReads(reader, json(1, "2026-01-02 03:04:05.123456", "12.50", "d1"), json(2, "2026-01-02 03:04:05.000001", "0.01", "d2"));

                    runAll(sluice, runs, "drop_partition", "",
                            row(2, "2026-02-03T00:00:00.999999Z", "-7.25", "d2"), row(3, "2026-02-03T04:05:06.654321Z", "99999999.99", "d3"));
                    assertReads(reader, json(1, "2026-01-02 03:04:05.123456", "12.50", "d1"), json(2, "2026-02-03 00:00:00.999999", "-7.25", "d2"),
                            json(3, "2026-02-03 04:05:06.654321", "99999999.99", "d3"));

                    runAll(sluice, runs, "dynamic_overwrite", "", row(4, "2026-03-04T05:06:07.000010Z", "3.00", "d3"));
                    assertReads(reader, json(1, "2026-01-02 03:04:05.123456", "12.50", "d1"), json(2, "2026-02-03 00:00:00.999999", "-7.25", "d2"),
                            json(4, "2026-03-04 05:06:07.00001", "3.00", "d3"));

                    runAll(sluice, runs, "merge", "\"keys\": [\"id\"],",
                            row(1, "2026-04-05T06:07:08.123457Z", "12.51", "d1"), row(5, "2026-04-05T06:07:08.5Z", "0.00", "d1"));
                    assertReads(reader, json(1, "2026-04-05 06:07:08.123457", "12.51", "d1"), json(2, "2026-02-03 00:00:00.999999", "-7.25", "d2"),
                            json(4, "2026-03-04 05:06:07.00001", "3.00", "d3"), json(5, "2026-04-05 06:07:08.5", "0.00", "d1"));
                }
            }
            long firstService = System.nanoTime();

            // Another data directory: no Derby, no local state; what it knows of the tables comes from the metastore.
            metastore.pause();
            try (ServiceProcess sluice = new ServiceProcess(dir.resolve("data-2"), dir.resolve("service-2.log"),
                    concat(arguments, "--sluice.spark.warm-up-retry.attempt-timeout=20s")).start()) {
                assertThat(awaitSparkDown(sluice, Duration.ofMinutes(3), dir.resolve("service-2.log")).get("details").get("reason").asString())
                        .as("a metastore that does not answer: DOWN, not a hang")
                        .startsWith("warm-up failed: the attempt did not end within PT20S: the Hive metastore at " + metastore.uri()
                                + " or the warehouse ")
                        .contains("check sluice.catalog.metastore-uris, the metastore's own store and sluice.spark.warehouse-dir");
                metastore.resume();
                sluice.awaitReady(Duration.ofMinutes(2));

                for (String format : FORMATS) {
                    JsonNode table = sluice.json("GET", "/api/v1/tables/shared." + format + "_events", null);
                    assertThat(table.get("format").asString()).isEqualTo(format);
                    assertThat(table.get("location").asString()).contains(warehouse.resolve("shared.db").toString());
                    assertThat(table.get("partitionBy").get(0).asString()).isEqualTo("day");
                    assertThat(table.get("rowCount").asLong()).isEqualTo(4);
                    JsonNode history = sluice.json("GET", "/api/v1/tables/shared." + format + "_events/history", null);
                    assertThat(StreamSupport.stream(history.spliterator(), false).filter(entry -> !entry.get("runId").isNull())
                            .map(entry -> entry.get("runId").asString()).distinct().toList())
                            .as("newest first, every run: %s", history).isEqualTo(newestFirst(runs.get(format)));
                    JsonNode recorded = sluice.json("GET", "/api/v1/runs?table=shared." + format + "_events", null);
                    assertThat(recorded.get("total").asLong()).isEqualTo(4);
                }
                runAll(sluice, runs, "append", "", row(6, "2026-05-06T07:08:09.000001Z", "1.10", "d4"));
                for (String format : FORMATS) {
                    assertThat(sluice.rows("shared." + format + "_events", "id", "day"))
                            .containsExactly("1:d1", "2:d2", "4:d3", "5:d1", "6:d4");
                }
            }
            System.out.printf("SharedCatalogIT: %d s in all, %d s to the restart%n", (System.nanoTime() - start) / 1_000_000_000,
                    (firstService - start) / 1_000_000_000);
        } finally {
            Postgres.dropDatabase(ledger);
        }
        FileSystemUtils.deleteRecursively(dir); // kept only when the test fails, for its logs
    }

    /** The same run on both tables at once (Sluice runs them concurrently); each must succeed. */
    private static void runAll(ServiceProcess sluice, Map<String, List<String>> runs, String strategy, String options, String... rows)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (String format : FORMATS) {
            String body = """
                    {"table": "shared.%s_events", "format": "%s", "strategy": "%s", %s
                     "source": {"type": "inline", "schema": "id BIGINT, ts TIMESTAMP, amount DECIMAL(10,2), day STRING",
                                "rows": [%s]}}""".formatted(format, format, strategy, options, String.join(", ", rows));
            ids.add(sluice.json("POST", "/api/v1/runs", body).get("id").asString());
        }
        for (int i = 0; i < FORMATS.size(); i++) {
            JsonNode run = sluice.awaitEnd(ids.get(i), Duration.ofMinutes(3));
            assertThat(run.get("status").asString()).as("%s on %s: %s", strategy, FORMATS.get(i), run).isEqualTo("SUCCEEDED");
            runs.get(FORMATS.get(i)).add(ids.get(i));
        }
    }

    /**
     * Before the metastore listens: alive, not ready, the reason naming the address and its property, runs refused at
     * once with it, nothing recorded, and a read that reaches the catalog refused with it too.
     */
    private static void assertAliveButRefusingWhileTheMetastoreIsDown(ServiceProcess service, String metastore, Path log) throws Exception {
        JsonNode spark = awaitSparkDown(service, Duration.ofSeconds(90), log);

        assertThat(spark.get("details").get("reason").asString())
                .startsWith("warm-up failed: cannot reach the Hive metastore at " + metastore + ": ")
                .contains("sluice.catalog.metastore-uris");
        assertThat(service.send("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = service.send("GET", "/actuator/health/readiness", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(anonymous.body()).propertyNames()).containsExactly("status");
        assertThat(Files.readString(log)).contains("Engine warm-up attempt 1 failed: cannot reach the Hive metastore at " + metastore);

        long start = System.nanoTime();
        HttpResponse<String> run = service.send("POST", "/api/v1/runs", RUN);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEngineUnavailable(run, metastore);
        assertThat(millis).as("refused at once, not after the metastore client's retries (~4.5 s)").isLessThan(2_000);
        assertEngineUnavailable(service.send("POST", "/api/v1/runs?dryRun=true", RUN), metastore);
        assertEngineUnavailable(service.send("POST", "/api/v1/tables/demo.events/restore", "{\"version\": 0}"), metastore);
        assertThat(service.json("GET", "/api/v1/runs?table=demo.events", null).get("total").asLong()).as("nothing recorded").isZero();
        assertEngineUnavailable(service.send("GET", "/api/v1/tables/demo.events", null), metastore); // a read: after the catalog failed
    }

    private static void assertEngineUnavailable(HttpResponse<String> response, String metastore) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).get().satisfies(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:sluice:problem:engine-unavailable");
        assertThat(problem.get("detail").asString()).startsWith("the engine is unavailable until its warm-up succeeds (it is retried): "
                + "cannot reach the Hive metastore at " + metastore + ": ");
    }

    /** Readiness as the viewer sees it, polled from the start until its spark component is DOWN; answers that component. */
    private static JsonNode awaitSparkDown(ServiceProcess service, Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode readiness = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = service.send("GET", "/actuator/health/readiness", null, VIEWER);
                readiness = JSON.readTree(response.body());
                JsonNode spark = readiness.path("components").path("spark");
                if (spark.path("status").asString("").equals("DOWN")) {
                    assertThat(response.statusCode()).isEqualTo(503);
                    return spark;
                }
                assertThat(response.statusCode()).as("never ready against a metastore that is down or does not answer").isEqualTo(503);
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("readiness did not turn DOWN within " + timeout + " of the start: " + readiness + "; see " + log);
    }

    private static void assertReads(PlainSparkReader reader, String... expected) throws Exception {
        for (String format : FORMATS) {
            assertThat(reader.read("shared." + format + "_events")).as("%s, read by name by the other JVM", format)
                    .containsExactly(List.of(expected).stream().sorted().toArray(String[]::new));
        }
    }

    private static String row(int id, String ts, String amount, String day) {
        return "{\"id\": %d, \"ts\": \"%s\", \"amount\": %s, \"day\": \"%s\"}".formatted(id, ts, amount, day);
    }

    /** A row as the reader prints it: every column as Spark's text of it, the timestamp in UTC. */
    private static String json(int id, String ts, String amount, String day) {
        return "{\"id\":\"%d\",\"ts\":\"%s\",\"amount\":\"%s\",\"day\":\"%s\"}".formatted(id, ts, amount, day);
    }

    private static List<String> newestFirst(List<String> ids) {
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        return reversed;
    }

    private static String[] concat(List<String> arguments, String... more) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
