package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.sluice.support.BigCsv;
import io.sluice.support.HiveMetastore;
import io.sluice.support.Postgres;
import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three replicas on one PostgreSQL ledger and one Hive metastore service, each its own process. 100 keyed appends and
 * merges over 10 Delta tables go round-robin to the replicas; one replica is killed (SIGKILL) while it holds a table's
 * lease and runs were submitted through it. Every run ends SUCCEEDED, or INTERRUPTED and then SUCCEEDED on its keyed retry
 * through a survivor; each key has exactly one SUCCEEDED run; every table equals its oracle (the runs' rows commute, so a
 * retried run may come last); and each table's Delta log, read as files, carries a fencing token on every commit, strictly
 * increasing. Then a survivor is paused (SIGSTOP) inside a long write, past its lease: the other takes the table over, and
 * once resumed the paused one's commit is refused, the table as the other left it. The lease is {@code sluice.replicas.lease}
 * (10 s by default; R7 in BENCHMARKS.md is this test with 30 s). One run at a time per replica: three JVMs share two cores.
 */
class ReplicasIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TABLES = 10;
    private static final int RUNS = 100;
    private static final Duration LEASE = Duration.parse("PT" + System.getProperty("sluice.replicas.lease", "10s").toUpperCase());

    private String ledgerUrl;

    @Test
    void runsShouldSurviveAReplicasDeathAndAPausedReplicaShouldNotCommitAfterItsLeaseWasTaken() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "replicas-" + UUID.randomUUID()));
        String ledger = "sluice_replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ledgerUrl = Postgres.freshDatabase(ledger);
        Path warehouse = dir.resolve("warehouse");
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        List<ServiceProcess> replicas = new ArrayList<>();
        try (HiveMetastore metastore = HiveMetastore.start(dir.resolve("metastore"))) {
            for (int i = 0; i < 3; i++) {
                replicas.add(new ServiceProcess(dir.resolve("data-" + i), dir.resolve("replica-" + i + ".log"),
                        "--spring.profiles.active=shared-catalog,postgres", "--spring.datasource.url=" + ledgerUrl,
                        "--spring.datasource.username=" + Postgres.user(), "--sluice.spark.warehouse-dir=" + warehouse,
                        "--sluice.catalog.metastore-uris=" + metastore.uri(), "--sluice.sources.files.allowed-roots[0]=" + inbox,
                        "--sluice.cluster.enabled=true", "--sluice.cluster.replica-id=replica-" + i, "--sluice.runs.max-concurrent=1",
                        "--sluice.cluster.lease=" + LEASE.toMillis() + "ms", "--sluice.cluster.fence-margin=2s").start());
            }
            for (ServiceProcess replica : replicas) {
                replica.awaitReady(Duration.ofMinutes(5));
            }
            Map<String, Map<Long, String>> oracle = new TreeMap<>();
            survivesTheDeathOfAReplica(replicas, oracle);
            refusesTheCommitOfAReplicaPausedPastItsLease(replicas.get(0), replicas.get(2), inbox, oracle);
            for (String table : oracle.keySet()) {
                assertStrictlyIncreasingTokens(warehouse.resolve("replicas.db").resolve(table.substring("replicas.".length())));
            }
        } finally {
            for (ServiceProcess replica : replicas) {
                replica.close();
            }
            Postgres.dropDatabase(ledger);
        }
        FileSystemUtils.deleteRecursively(dir); // kept only when the test fails, for its logs
    }

    private void survivesTheDeathOfAReplica(List<ServiceProcess> replicas, Map<String, Map<Long, String>> oracle) throws Exception {
        // each table's first run creates it with the keys later merges update; it has ended before the others are sent
        List<Submitted> seeds = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            String table = "replicas.t" + t;
            Map<Long, String> rows = new HashMap<>();
            for (long id = 0; id < 10; id++) {
                rows.put(id, "seed");
            }
            oracle.put(table, rows);
            seeds.add(submit(replicas.get(t % 3), "seed-" + t, body(table, "append", rows)));
        }
        for (Submitted seed : seeds) {
            assertThat(replicas.get(0).awaitEnd(seed.id, Duration.ofMinutes(5)).get("status").asString()).isEqualTo("SUCCEEDED");
        }

        List<Submitted> runs = new ArrayList<>();
        for (int n = 0; n < RUNS - TABLES; n++) {
            String table = "replicas.t" + (n % TABLES);
            Map<Long, String> rows = new HashMap<>();
            boolean merge = (n / TABLES) % 2 == 1;
            String value = (merge ? "merge-" : "append-") + n;
            rows.put(merge ? n / TABLES : 1000L + n, value); // a merge updates a seed key of its own and inserts a new one
            rows.put(2000L + n, value);
            oracle.get(table).putAll(rows);
            runs.add(submit(replicas.get(n % 3), "run-" + n, body(table, merge ? "merge" : "append", rows)));
        }

        List<String> heldTables = killWhileHoldingALease(replicas.get(1), "replica-1");
        Instant killed = Instant.now();
        List<ServiceProcess> survivors = List.of(replicas.get(0), replicas.get(2));
        int interrupted = 0;
        for (int i = 0; i < runs.size(); i++) {
            Submitted run = runs.get(i);
            ServiceProcess survivor = survivors.get(i % 2);
            JsonNode ended = survivor.awaitEnd(run.id, Duration.ofMinutes(10));
            if (ended.get("status").asString().equals("FAILED") && ended.get("error").get("code").asString().equals("INTERRUPTED")) {
                interrupted++;
                Submitted retry = submit(survivor, run.key, run.body);
                ended = survivor.awaitEnd(retry.id, Duration.ofMinutes(10));
            }
            assertThat(ended.get("status").asString()).as("run %s (%s): %s", run.key, run.id, ended).isEqualTo("SUCCEEDED");
        }
        assertThat(succeededPerKey()).as("every key once").hasSize(RUNS).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
        for (Map.Entry<String, Map<Long, String>> table : oracle.entrySet()) {
            assertThat(survivors.get(0).rows(table.getKey(), "id", "v")).as(table.getKey()).containsExactlyElementsOf(sorted(table.getValue()));
        }
        Optional<Instant> taken = firstSucceededAfter(heldTables, killed);
        System.out.printf("ReplicasIT R7: lease %s, %d run(s) interrupted by the kill; tables held at the kill %s; "
                        + "first of their runs SUCCEEDED on a survivor %d ms after the SIGKILL%n", LEASE, interrupted, heldTables,
                taken.map(at -> Duration.between(killed, at).toMillis()).orElse(-1L));
        assertThat(taken).as("a survivor ran a table the dead replica held").isPresent();
    }

    /** SIGKILL as soon as the replica holds a table's lease (it is inside a run) while runs are still QUEUED; answers those tables. */
    private List<String> killWhileHoldingALease(ServiceProcess victim, String replicaId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> held = tablesHeldNowBy(replicaId);
            if (!held.isEmpty() && queuedCount() > 10) {
                victim.kill();
                return held;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(replicaId + " never held a lease with runs queued; see " + victim.log());
    }

    private void refusesTheCommitOfAReplicaPausedPastItsLease(ServiceProcess a, ServiceProcess b, Path inbox,
            Map<String, Map<Long, String>> oracle) throws Exception {
        String table = "replicas.paused";
        Map<Long, String> first = Map.of(1L, "first");
        assertThat(a.awaitEnd(submit(a, "paused-first", body(table, "append", first)).id, Duration.ofMinutes(5)).get("status").asString())
                .isEqualTo("SUCCEEDED");
        Path csv = BigCsv.write(inbox.resolve("big.csv"), 4_000_000);
        String big = """
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s", "schema": "id BIGINT, v STRING"}}""".formatted(table, csv);
        Submitted long_ = submit(a, "paused-big", big);
        String holder = awaitHolder(table);
        ServiceProcess paused = holder.equals("replica-0") ? a : b;
        ServiceProcess other = paused == a ? b : a;
        awaitRunning(other, long_.id);
        Thread.sleep(1500); // inside the write, well before its commit
        paused.pause();
        try {
            Thread.sleep(LEASE.plusSeconds(2).toMillis());
            Map<Long, String> second = Map.of(2L, "second");
            JsonNode after = other.awaitEnd(submit(other, "paused-second", body(table, "append", second)).id, Duration.ofMinutes(5));
            assertThat(after.get("status").asString()).isEqualTo("SUCCEEDED");
            JsonNode settled = other.json("GET", "/api/v1/runs/" + long_.id, null);
            assertThat(settled.get("status").asString()).isEqualTo("FAILED");
            assertThat(settled.get("error").get("code").asString()).isEqualTo("INTERRUPTED");
        } finally {
            paused.resume();
        }
        awaitLogLine(paused, "was lost before the commit");
        assertThat(other.rows(table, "id", "v")).as("the paused replica's rows are not in the table").containsExactly("1:first", "2:second");
        oracle.put(table, Map.of(1L, "first", 2L, "second"));
    }

    private static String body(String table, String strategy, Map<Long, String> rows) {
        StringBuilder inline = new StringBuilder();
        rows.forEach((id, v) -> inline.append(inline.isEmpty() ? "" : ",").append("{\"id\":").append(id).append(",\"v\":\"").append(v).append("\"}"));
        return """
                {"table": "%s", "strategy": "%s", %s
                 "source": {"type": "inline", "schema": "id BIGINT, v STRING", "rows": [%s]}}"""
                .formatted(table, strategy, strategy.equals("merge") ? "\"keys\": [\"id\"]," : "", inline);
    }

    private record Submitted(String key, String body, String id) {
    }

    private static Submitted submit(ServiceProcess replica, String key, String body) throws Exception {
        var response = replica.post("/api/v1/runs", body, key);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201, 202);
        return new Submitted(key, body, JSON.readTree(response.body()).get("id").asString());
    }

    private static List<String> sorted(Map<Long, String> rows) {
        return rows.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).sorted().toList();
    }

    private static void awaitRunning(ServiceProcess replica, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!replica.json("GET", "/api/v1/runs/" + id, null).get("status").asString().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("run %s RUNNING", id).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitLogLine(ServiceProcess replica, String line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Files.readString(replica.log()).contains(line)) {
            assertThat(System.nanoTime()).as("'%s' in %s", line, replica.log()).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** Every commit in the table's Delta log, in version order, names the lease it was made under: tokens only grow. */
    private static void assertStrictlyIncreasingTokens(Path table) throws Exception {
        List<Long> tokens = new ArrayList<>();
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            for (Path commit : files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList()) {
                for (String action : Files.readAllLines(commit)) {
                    JsonNode info = JSON.readTree(action).get("commitInfo");
                    if (info != null) {
                        assertThat(info.has("userMetadata")).as("%s names its lease", commit).isTrue();
                        tokens.add(Long.parseLong(JSON.readTree(info.get("userMetadata").asString()).get("fencingToken").asString()));
                    }
                }
            }
        }
        assertThat(tokens).as(table.toString()).isNotEmpty().isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    }

    private String awaitHolder(String table) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> holders = query("SELECT holder FROM sluice_table_lease WHERE table_name = ? AND expires_at > now()", table);
            if (!holders.isEmpty()) {
                return holders.get(0);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no replica took " + table);
    }

    private List<String> tablesHeldNowBy(String replica) throws SQLException {
        return query("SELECT table_name FROM sluice_table_lease WHERE holder = ? AND expires_at > now()", replica);
    }

    private int queuedCount() throws SQLException {
        return Integer.parseInt(query("SELECT COUNT(*) FROM sluice_run WHERE status = ?", "QUEUED").get(0));
    }

    private Map<String, Integer> succeededPerKey() throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        for (String key : query("SELECT idempotency_key FROM sluice_run WHERE status = ? AND idempotency_key LIKE '%-%'", "SUCCEEDED")) {
            counts.merge(key, 1, Integer::sum);
        }
        counts.keySet().removeIf(key -> key.startsWith("paused-"));
        return counts;
    }

    private Optional<Instant> firstSucceededAfter(List<String> tables, Instant after) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ledgerUrl, Postgres.user(), "");
                PreparedStatement statement = connection.prepareStatement("SELECT MIN(finished_at) FROM sluice_run"
                        + " WHERE status = 'SUCCEEDED' AND table_name = ANY (?) AND started_at > ?")) {
            statement.setArray(1, connection.createArrayOf("varchar", tables.toArray()));
            statement.setTimestamp(2, Timestamp.from(after));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                Timestamp first = rows.getTimestamp(1);
                return Optional.ofNullable(first).map(Timestamp::toInstant);
            }
        }
    }

    private List<String> query(String sql, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ledgerUrl, Postgres.user(), "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
