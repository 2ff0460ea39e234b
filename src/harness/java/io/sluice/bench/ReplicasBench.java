package io.sluice.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.support.BigCsv;
import io.sluice.support.HiveMetastore;
import io.sluice.support.Postgres;
import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * R7 ({@code ./mvnw -Pbench-replicas verify}): replicas on one PostgreSQL ledger and one Hive metastore service, with the
 * shipped defaults (a 30 s lease, four runs at once per replica).
 * <ul>
 * <li>Throughput, with 1, 2 and 3 replicas, each round on a fresh ledger: 30 warm-up runs per replica on tables of their own
 * (a replica runs what it claims, so n times 30), then two windows of 60 appends of 100 rows over 10 fresh tables sent
 * round-robin, timed from the first submission to the last run's end. Every window commits the same table versions (the
 * tables made in the warm-up, none reaching a Delta checkpoint). With each window, the replicas' CPU time a run; after
 * them, their CPU while idle.</li>
 * <li>Failover, with 3: a replica is killed (SIGKILL) inside a long write while another run waits on the same table; the
 * time from the kill to that run SUCCEEDED on a survivor.</li>
 * </ul>
 * Writes target/bench/replicas-results.md.
 */
class ReplicasBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TABLES = 10;
    private static final int RUNS = 60;
    private static final int WARM_UP = 30;
    private static final int WINDOWS = 2;
    private static final Duration IDLE = Duration.ofSeconds(10);

    @Test
    void r7FailoverAndThroughputWithReplicas() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "bench-replicas-" + Bench.shortId()));
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path csv = BigCsv.write(inbox.resolve("big.csv"), 4_000_000);
        StringBuilder rows = new StringBuilder();
        List<String> throughput = new ArrayList<>();
        String failover = "";
        try (HiveMetastore metastore = HiveMetastore.start(dir.resolve("metastore"))) {
            for (int n = 1; n <= 3; n++) {
                String ledger = "sluice_bench_r7_" + n + "_" + Bench.shortId();
                String url = Postgres.freshDatabase(ledger);
                List<ServiceProcess> replicas = new ArrayList<>();
                try {
                    for (int i = 0; i < n; i++) {
                        replicas.add(new ServiceProcess(dir.resolve(n + "-data-" + i), dir.resolve(n + "-replica-" + i + ".log"),
                                "--spring.profiles.active=shared-catalog,postgres", "--spring.datasource.url=" + url,
                                "--spring.datasource.username=" + Postgres.user(), "--sluice.spark.warehouse-dir=" + dir.resolve("warehouse-" + n),
                                "--sluice.catalog.metastore-uris=" + metastore.uri(), "--sluice.sources.files.allowed-roots[0]=" + inbox,
                                "--sluice.cluster.enabled=true", "--sluice.cluster.replica-id=replica-" + i).start());
                    }
                    for (ServiceProcess replica : replicas) {
                        replica.awaitReady(Duration.ofMinutes(5));
                    }
                    String schema = "bench_r7_" + n;
                    // every replica warm (its JIT, its caches) before the window: a replica runs what it claims, so n times the runs
                    List<String> warmUp = new ArrayList<>();
                    for (int r = 0; r < WARM_UP * n; r++) {
                        warmUp.add(submit(replicas.get(r % n), append(schema + ".w" + (r % TABLES), r * 100L)));
                    }
                    for (int w = 0; w < WINDOWS; w++) {
                        for (int t = 0; t < TABLES; t++) {
                            warmUp.add(submit(replicas.get(t % n), append(schema + ".t" + w + "_" + t, t * 1_000_000L)));
                        }
                    }
                    awaitAll(replicas.get(0), warmUp);
                    List<String> windows = new ArrayList<>();
                    for (int w = 0; w < WINDOWS; w++) {
                        Duration cpuBefore = cpu(replicas);
                        long start = System.nanoTime();
                        List<String> runs = new ArrayList<>();
                        for (int r = 0; r < RUNS; r++) {
                            runs.add(submit(replicas.get(r % n), append(schema + ".t" + w + "_" + (r % TABLES), 100_000L + r * 100L)));
                        }
                        awaitAll(replicas.get(0), runs);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        double cpuPerRun = cpu(replicas).minus(cpuBefore).toMillis() / 1e3 / RUNS;
                        windows.add("%.1f runs/min, %.2f CPU s a run (%.0f s)".formatted(RUNS * 60 / seconds, cpuPerRun, seconds));
                    }
                    Duration idleBefore = cpu(replicas);
                    Thread.sleep(IDLE.toMillis());
                    double idle = cpu(replicas).minus(idleBefore).toMillis() * 100.0 / IDLE.toMillis() / n;
                    throughput.add("| R7 throughput: %d appends of 100 rows over %d tables, %d replica(s), two windows | %s | idle: %.1f%% of a core a replica |"
                            .formatted(RUNS, TABLES, n, String.join("; ", windows), idle));
                    if (n == 3) {
                        failover = failover(replicas, url, csv);
                    }
                } finally {
                    for (ServiceProcess replica : replicas) {
                        replica.close();
                    }
                    Postgres.dropDatabase(ledger);
                }
            }
        }
        rows.append(String.join("\n", throughput)).append('\n').append(failover).append('\n');
        String result = "Measured %s on %d cores, Java %s.%n%n| case | result | more |%n|---|---|---|%n%s"
                .formatted(OffsetDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rows);
        Path out = Files.createDirectories(Path.of("target", "bench")).resolve("replicas-results.md");
        Files.writeString(out, result);
        System.out.println(result);
    }

    /** Kills the replica inside a long write on a table with a run waiting behind it; the time to that run SUCCEEDED elsewhere. */
    private static String failover(List<ServiceProcess> replicas, String url, Path csv) throws Exception {
        String table = "bench_r7.failover";
        awaitAll(replicas.get(0), List.of(submit(replicas.get(0), append(table, 0))));
        String big = submit(replicas.get(0), """
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s", "schema": "id BIGINT, v STRING"}}""".formatted(table, csv));
        String waiting = submit(replicas.get(1), append(table, 1_000_000L));
        int holder = holder(url, table);
        ServiceProcess survivor = replicas.get((holder + 1) % replicas.size());
        while (!survivor.json("GET", "/api/v1/runs/" + big, null).get("status").asString().equals("RUNNING")) {
            Thread.sleep(50);
        }
        Thread.sleep(1000);
        replicas.get(holder).kill();
        long killed = System.nanoTime();
        JsonNode ended = survivor.awaitEnd(waiting, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - killed) / 1e9;
        String bigStatus = survivor.json("GET", "/api/v1/runs/" + big, null).get("error").get("code").asString();
        return "| R7 failover: SIGKILL inside a write, 30 s lease, to the next run on its table %s on a survivor (the killed run: %s) | %.1f s | |"
                .formatted(ended.get("status").asString(), bigStatus, seconds);
    }

    /** The replicas' processes' CPU time so far (Spark runs in them: local mode). */
    private static Duration cpu(List<ServiceProcess> replicas) {
        return replicas.stream().map(r -> ProcessHandle.of(r.pid()).flatMap(p -> p.info().totalCpuDuration()).orElseThrow())
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static int holder(String url, String table) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Connection connection = DriverManager.getConnection(url, Postgres.user(), "");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT holder FROM sluice_table_lease WHERE table_name = ? AND expires_at > now()")) {
            statement.setString(1, table);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        return Integer.parseInt(rows.getString(1).substring("replica-".length()));
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("no replica took " + table);
    }

    private static String append(String table, long firstId) {
        StringBuilder rows = new StringBuilder();
        for (long id = firstId; id < firstId + 100; id++) {
            rows.append(rows.isEmpty() ? "" : ",").append("{\"id\":").append(id).append(",\"v\":\"r").append(id).append("\"}");
        }
        return """
                {"table": "%s", "strategy": "append", "source": {"type": "inline", "schema": "id BIGINT, v STRING", "rows": [%s]}}"""
                .formatted(table, rows);
    }

    private static String submit(ServiceProcess replica, String body) throws Exception {
        HttpResponse<String> response = replica.send("POST", "/api/v1/runs", body);
        if (response.statusCode() != 202) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asString();
    }

    private static void awaitAll(ServiceProcess replica, List<String> runs) throws Exception {
        for (String id : runs) {
            JsonNode run = replica.awaitEnd(id, Duration.ofMinutes(10));
            if (!run.get("status").asString().equals("SUCCEEDED")) {
                throw new IllegalStateException("run " + id + " " + run);
            }
        }
    }
}
