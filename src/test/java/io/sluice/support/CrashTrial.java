package io.sluice.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import io.sluice.write.FaultStep;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One kill-and-retry trial against the built jar: a service started with a halt at {@code step}
 * (a real JVM halt, as kill -9) is given an increment under an idempotency key; a fresh service on
 * the same data directory must then tell the truth about that run (SUCCEEDED if it committed, else
 * INTERRUPTED), show the table exactly as before or after the increment (and a Parquet table's symlink
 * manifests exactly its current files), and complete the key's write exactly once when it is submitted again.
 * Strategy {@code compact} is a compaction instead (POST /maintenance, no key) of a table three appends left in
 * three files per partition: the rows stay exactly the same, and a second compaction succeeds. Strategy {@code files} is an
 * append from an incremental csv inbox ({@link FilesInbox}): the halted run's files are the table's record exactly when it
 * committed, and after the key's retry a further run over the inbox loads only the file added since.
 * {@code CrashRecoveryIT} runs a few of them in a {@link #chain}; the reliability harness
 * (src/harness/java) runs {@link #all()} in turn.
 */
public record CrashTrial(String strategy, String format, FaultStep step) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);
    /** Kill points after the commit: a Parquet append commits with its first file move. */
    private static final Set<FaultStep> COMMITTED = EnumSet.of(FaultStep.WRITTEN, FaultStep.SWAPPED, FaultStep.MOVING);

    /** Every step a strategy × format passes: Delta has no steps between its write and its commit. */
    public static List<CrashTrial> all() {
        List<CrashTrial> trials = new ArrayList<>();
        for (String format : List.of("delta", "parquet")) {
            for (String strategy : List.of("append", "drop_partition", "dynamic_overwrite", "merge", "files")) {
                boolean parquet = format.equals("parquet");
                Stream.of(FaultStep.values())
                        .filter(step -> parquet || step == FaultStep.BEFORE_WRITE || step == FaultStep.WRITTEN)
                        .filter(step -> step != FaultStep.MOVING || (parquet && List.of("append", "files").contains(strategy)))
                        .filter(step -> step != FaultStep.REMOVING) // a vacuum's step: no write passes it
                        .filter(step -> step != FaultStep.QUARANTINED) // only a run that quarantines rows passes it
                        .forEach(step -> trials.add(new CrashTrial(strategy, format, step)));
            }
        }
        Stream.of(FaultStep.STAGED, FaultStep.PARTITIONS_ADDED, FaultStep.SWAPPED).forEach(step -> trials.add(new CrashTrial("compact",
                "parquet", step)));
        return trials;
    }

    /** Two JVMs on a fresh data directory: one halted at the step, one that verifies and retries. */
    public void run(Path dir) throws Exception {
        chain(dir, List.of(this));
    }

    /**
     * The trials as one chain on one data directory, each on its own table: the JVM that verifies one crash stages the next
     * (n + 1 JVM starts, not 2n).
     */
    public static void chain(Path dir, List<CrashTrial> trials) throws Exception {
        Path data = Files.createDirectories(dir).resolve("data");
        Path log = dir.resolve("service.log");
        String halted = null;
        for (int i = 0; i <= trials.size(); i++) {
            String[] faults = i < trials.size() ? trials.get(i).faults() : new String[0];
            try (ServiceProcess service = new ServiceProcess(data, log, faults).start().awaitReady(Duration.ofMinutes(3))) {
                if (i > 0) {
                    trials.get(i - 1).verify(service, data, halted, "trial-key-" + (i - 1));
                }
                if (i < trials.size()) {
                    halted = trials.get(i).crash(service, "trial-key-" + i);
                }
            }
        }
    }

    /** The arguments that halt the JVM at this trial's step, on the increment of its table only. */
    public String[] faults() {
        // The create passes before-write and written too: halt at the increment's. Only increments stage.
        // A compaction follows two appends, which pass each Parquet step once.
        int skip = compaction() ? 2 : step == FaultStep.BEFORE_WRITE || step == FaultStep.WRITTEN ? 1 : 0;
        return new String[] { "--sluice.faults.halt-at=" + step.wireName(), "--sluice.faults.skip=" + skip, "--sluice.faults.table=" + table() };
    }

    /** In a JVM started with {@link #faults()}: the table's first load, then the increment under the key, which halts it. Answers the increment's run id. */
    public String crash(ServiceProcess service, String key) throws Exception {
        if (files()) {
            FilesInbox.of(service, table()).add("day1.csv", "1,a,d1", "2,b,d2");
        }
        String seedId = JSON.readTree(service.send("POST", "/api/v1/runs", seed(service)).body()).get("id").asString();
        JsonNode seed = service.awaitEnd(seedId, TWO_MINUTES);
        assertThat(seed.get("status").asString()).as("seed: %s", seed).isEqualTo("SUCCEEDED");
        if (compaction()) {
            for (String more : List.of(SEED_ROWS.replace("\"a\"", "\"a2\""), SEED_ROWS.replace("\"a\"", "\"a3\""))) {
                String id = JSON.readTree(service.send("POST", "/api/v1/runs", load(table(), "append", more)).body()).get("id").asString();
                assertThat(service.awaitEnd(id, TWO_MINUTES).get("status").asString()).isEqualTo("SUCCEEDED");
            }
        }
        if (files()) {
            FilesInbox.of(service, table()).add("day2.csv", "2,B,d2", "3,c,d3");
        }
        HttpResponse<String> submitted = compaction() ? service.send("POST", maintenance(table()), COMPACT)
                : service.post("/api/v1/runs", increment(service), key);
        String runId = JSON.readTree(submitted.body()).get("id").asString();
        assertThat(service.awaitExit(Duration.ofMinutes(2))).as("halted at " + step).isEqualTo(137);
        return runId;
    }

    /**
     * In a later JVM on the same data: the ledger tells the truth about the halted run, the table is exactly
     * before or after the increment, and the key's retry writes it exactly once.
     */
    public void verify(ServiceProcess service, Path data, String runId, String key) throws Exception {
        String table = table();
        JsonNode run = service.json("GET", "/api/v1/runs/" + runId, null);
        boolean committed = COMMITTED.contains(step);
        assertThat(run.get("status").asString()).as("after restart: %s", run).isEqualTo(committed ? "SUCCEEDED" : "FAILED");
        if (committed) {
            assertThat(run.get("metrics").get("rowsOutput").isNull()).as("metrics of the commit: %s", run).isFalse();
            if (files()) {
                assertThat(run.get("files").get("chosen").asInt()).as("the halted run's files: %s", run).isEqualTo(1);
            }
        } else {
            assertThat(run.get("error").get("code").asString()).isEqualTo("INTERRUPTED");
        }
        assertThat(service.rows(table, "id", "name", "day")).containsExactlyInAnyOrderElementsOf(committed || compaction() ? after()
                : List.of("1:a:d1", "2:b:d2"));
        if (!committed && format.equals("parquet")) {
            assertThat(stagesOf(data, table, runId)).as("an uncommitted stage is removed at start-up").isZero();
        }
        if (format.equals("parquet")) { // rewritten at start-up, whatever the kill left of them
            SymlinkManifests.assertListExactlyTheCurrentFiles(service.json("GET", "/api/v1/tables/" + table, null).get("currentData"));
        }

        String seedId = files() ? seedOf(service, table) : null;
        if (files()) {
            assertThat(FilesInbox.of(service, table).loaded(service, table)).as("the table's record of its files")
                    .containsExactlyElementsOf(committed ? List.of("day1.csv:" + seedId, "day2.csv:" + runId) : List.of("day1.csv:" + seedId));
        }

        HttpResponse<String> retried = compaction() ? service.send("POST", maintenance(table), COMPACT)
                : service.post("/api/v1/runs", increment(service), key);
        JsonNode retry = service.awaitEnd(JSON.readTree(retried.body()).get("id").asString(), TWO_MINUTES);
        assertThat(retried.statusCode()).isEqualTo(committed && !compaction() ? 200 : 202);
        assertThat(retry.get("status").asString()).as("retry: %s", retry).isEqualTo("SUCCEEDED");
        assertThat(service.rows(table, "id", "name", "day")).as("the key's write, exactly once").containsExactlyInAnyOrderElementsOf(after());
        if (files()) {
            loadFurther(service, seedId, retry.get("id").asString());
        }
    }

    /** After the retry, a run over the same inbox with one file more reads that file alone: each file is in the table once. */
    private void loadFurther(ServiceProcess service, String seedId, String incrementId) throws Exception {
        FilesInbox inbox = FilesInbox.of(service, table());
        inbox.add("day3.csv", "4,d,d4");
        JsonNode further = service.awaitEnd(JSON.readTree(service.send("POST", "/api/v1/runs", inbox.append(table(), format)).body())
                .get("id").asString(), TWO_MINUTES);
        assertThat(further.get("status").asString()).as("further: %s", further).isEqualTo("SUCCEEDED");
        assertThat(further.get("files").get("chosen").asInt()).as("further: %s", further).isEqualTo(1);
        List<String> rows = new ArrayList<>(after());
        rows.add("4:d:d4");
        assertThat(service.rows(table(), "id", "name", "day")).as("every file, once").containsExactlyInAnyOrderElementsOf(rows);
        assertThat(inbox.loaded(service, table())).containsExactly("day1.csv:" + seedId, "day2.csv:" + incrementId,
                "day3.csv:" + further.get("id").asString());
    }

    /** The table's first run: its oldest. */
    private static String seedOf(ServiceProcess service, String table) throws Exception {
        JsonNode runs = service.json("GET", "/api/v1/runs?table=" + table + "&size=500", null).get("items");
        return runs.get(runs.size() - 1).get("id").asString();
    }

    private String table() {
        return "trial.t_" + strategy + "_" + format + "_" + step.name().toLowerCase(Locale.ROOT); // its own in any chain
    }

    private boolean compaction() {
        return strategy.equals("compact");
    }

    private boolean files() {
        return strategy.equals("files");
    }

    private List<String> after() {
        if (compaction()) {
            return List.of("1:a:d1", "1:a2:d1", "1:a3:d1", "2:b:d2", "2:b:d2", "2:b:d2");
        }
        return strategy.equals("append") || files() ? List.of("1:a:d1", "2:B:d2", "2:b:d2", "3:c:d3") : List.of("1:a:d1", "2:B:d2", "3:c:d3");
    }

    private static final String SEED_ROWS = "[{\"id\": 1, \"name\": \"a\", \"day\": \"d1\"}, {\"id\": 2, \"name\": \"b\", \"day\": \"d2\"}]";
    private static final String COMPACT = "{\"operation\": \"compact\", \"minFiles\": 2}";

    private String seed(ServiceProcess service) throws IOException {
        return files() ? FilesInbox.of(service, table()).append(table(), format) : load(table(), compaction() ? "append" : strategy, SEED_ROWS);
    }

    private String load(String table, String strategy, String rows) {
        return """
                {"table": "%s", "format": "%s", "strategy": "%s", "partitionBy": ["day"], "keys": ["id"],
                 "source": {"type": "inline", "schema": "id BIGINT, name STRING, day STRING", "rows": %s}}"""
                .formatted(table, format, strategy, rows);
    }

    private static String maintenance(String table) {
        return "/api/v1/tables/" + table + "/maintenance";
    }

    private String increment(ServiceProcess service) throws IOException {
        if (files()) {
            return FilesInbox.of(service, table()).append(table(), format);
        }
        return """
                {"table": "%s", "strategy": "%s", "keys": ["id"],
                 "source": {"type": "inline", "schema": "day STRING, id BIGINT, name STRING",
                            "rows": [{"id": 2, "name": "B", "day": "d2"}, {"id": 3, "name": "c", "day": "d3"}]}}"""
                .formatted(table(), strategy);
    }

    private static long stagesOf(Path data, String table, String runId) {
        String[] name = table.split("\\.");
        Path stage = data.resolve("warehouse").resolve(name[0] + ".db").resolve(name[1]).resolve("_sluice").resolve(runId);
        return Files.exists(stage) ? 1 : 0;
    }

    @Override
    public String toString() {
        return strategy + " on " + format + ", killed at " + step;
    }
}
