package io.sluice.run.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.SluiceProperties;
import io.sluice.run.ledger.RunLedger;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * What an operator alerts on, as Prometheus scrapes it with a viewer key: run duration as a histogram, each table's
 * freshness (moved by writes that changed rows, not by empty loads, maintenance or failures, and the same after a
 * restart), failed runs by error code, and where submissions and runs spend their time, by phase.
 */
@SluiceIntegrationTest
class PrometheusIntegrationTests {

    static final String APPEND = """
            {"table": "%s", "strategy": "append", "partitionBy": ["day"],
             "source": {"type": "inline", "schema": "id BIGINT, day DATE", "rows": [%s]}}""";
    static final Pattern LE = Pattern.compile("[{,]le=\"([^\"]+)\"");
    static final Pattern PHASE = Pattern.compile("[{,]phase=\"([^\"]+)\"");

    @Autowired
    SluiceClient sluice;
    @Autowired
    RunLedger ledger;
    @Value("${local.server.port}")
    int port;
    @Autowired
    SluiceProperties properties;

    @Test
    void runDurationShouldBeAHistogramWithBucketsFromAQuarterSecondToAnHour() {
        String table = SluiceClient.uniqueTable("duration");
        succeeded(sluice.submit(APPEND.formatted(table, "{\"id\": 1, \"day\": \"2024-08-01\"}")));

        List<String> buckets = series(scrape(), "sluice_run_duration_seconds_bucket{", table);
        assertThat(buckets.stream().map(PrometheusIntegrationTests::le)).containsExactly("0.25", "0.5", "1.0", "2.5", "5.0", "10.0",
                "30.0", "60.0", "120.0", "300.0", "600.0", "1800.0", "3600.0", "+Inf");
        assertThat(buckets).allMatch(line -> line.contains("status=\"SUCCEEDED\",strategy=\"append\""));
        assertThat(buckets.get(buckets.size() - 1)).endsWith(" 1");
        assertThat(buckets.stream().map(PrometheusIntegrationTests::value)).as("cumulative").isSorted();
        assertThat(series(scrape(), "sluice_run_duration_seconds_count{", table)).containsExactly(
                "sluice_run_duration_seconds_count{status=\"SUCCEEDED\",strategy=\"append\",table=\"" + table + "\"} 1");
    }

    @Test
    void freshnessShouldMoveOnlyWithWritesThatChangedRowsAndBeSeededFromTheLedger() {
        String table = SluiceClient.uniqueTable("freshness");
        succeeded(sluice.submit(APPEND.formatted(table, "{\"id\": 1, \"day\": \"2024-08-01\"}")));
        JsonNode second = succeeded(sluice.submit(APPEND.formatted(table, "{\"id\": 2, \"day\": \"2024-08-01\"}")));
        assertThat(freshness(table)).hasValueSatisfying(seconds -> assertThat(seconds).isCloseTo(finished(second), within(1e-3)));

        JsonNode empty = succeeded(sluice.submit(APPEND.formatted(table, "")));
        assertThat(empty.get("metrics").get("rowsOutput").asLong()).isZero();
        JsonNode compaction = succeeded(sluice.exchangeId("/api/v1/tables/" + table + "/maintenance",
                "{\"operation\": \"compact\", \"minFiles\": 2}"));
        assertThat(compaction.get("metrics").get("filesRemoved").asLong()).isEqualTo(2);
        assertThat(freshness(table)).as("an empty load and a compaction bring no new data")
                .hasValueSatisfying(seconds -> assertThat(seconds).isCloseTo(finished(second), within(1e-3)));

        JsonNode merge = succeeded(sluice.submit("""
                {"table": "%s", "strategy": "merge", "keys": ["id"],
                 "source": {"type": "inline", "schema": "id BIGINT, day DATE", "rows": [{"id": 2, "day": "2024-08-02"}]}}"""
                .formatted(table)));
        double fresh = freshness(table).orElseThrow();
        assertThat(fresh).isCloseTo(finished(merge), within(1e-3));

        // what a restart would seed: the same value, read from the ledger
        SimpleMeterRegistry restarted = new SimpleMeterRegistry();
        new TableFreshness(restarted, ledger, null).afterPropertiesSet();
        assertThat(restarted.get("sluice.table.last.success.timestamp").tag("table", table).gauge().value()).isCloseTo(fresh,
                within(1e-3));
    }

    @Test
    void aFailedRunShouldBeCountedByItsErrorCodeAndLeaveFreshnessAlone() throws Exception {
        String table = SluiceClient.uniqueTable("failures");
        Path folder = Files.createDirectories(properties.resolve("inbox").resolve(table));
        Files.writeString(folder.resolve("bad.csv"), "id,day\nnot-a-number,2024-08-01\n");

        JsonNode run = sluice.awaitEnd(sluice.submit("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s/bad.csv", "options": {"header": "true"},
                            "schema": "id BIGINT, day DATE"}}""".formatted(table, folder)));
        assertThat(run.get("error").get("code").asString()).isEqualTo("SOURCE_MALFORMED");

        String scrape = scrape();
        assertThat(series(scrape, "sluice_run_failures_total{", table)).containsExactly(
                "sluice_run_failures_total{code=\"SOURCE_MALFORMED\",strategy=\"append\",table=\"" + table + "\"} 1.0");
        assertThat(series(scrape, "sluice_runs_total{", table)).containsExactly(
                "sluice_runs_total{status=\"FAILED\",strategy=\"append\",table=\"" + table + "\"} 1.0");
        assertThat(series(scrape, "sluice_table_last_success_timestamp_seconds{", table)).isEmpty();
    }

    @Test
    void everyPhaseOfASubmissionAndItsRunShouldBeTimed() {
        String table = SluiceClient.uniqueTable("phases");
        Map<String, Double> before = phaseCounts(scrape());
        assertThat(before.keySet()).containsExactlyInAnyOrder("validation", "ledger", "queue", "session", "table_state", "read",
                "duplicate_check", "write", "commit_lookup", "listeners");

        succeeded(sluice.submit(APPEND.formatted(table, "{\"id\": 1, \"day\": \"2024-08-01\"}")));
        // a run records its phases just after its end is announced
        Map<String, Double> after = phaseCounts(scrape());
        for (long deadline = System.nanoTime() + 10_000_000_000L; after.get("write") <= before.get("write")
                && System.nanoTime() < deadline; after = phaseCounts(scrape())) {
            SluiceClient.sleep(20);
        }
        Map<String, Double> added = new TreeMap<>();
        after.forEach((phase, count) -> added.put(phase, count - before.get(phase)));
        // once each: the submission's planning, and what only a written source has; a maintenance run of another test's table
        // may end meanwhile and add to the phases every run has (its hand-off, session, transitions and listeners)
        assertThat(added).containsAllEntriesOf(Map.of("validation", 1.0, "table_state", 1.0, "read", 1.0, "duplicate_check", 1.0,
                "write", 1.0, "commit_lookup", 1.0));
        assertThat(added.get("ledger")).as("the submission's insert and the run's transitions").isGreaterThanOrEqualTo(2.0);
        assertThat(List.of(added.get("queue"), added.get("session"), added.get("listeners"))).allMatch(count -> count >= 1.0);
    }

    private static Map<String, Double> phaseCounts(String scrape) {
        Map<String, Double> counts = new TreeMap<>();
        scrape.lines().filter(line -> line.startsWith("sluice_run_phase_seconds_count{")).forEach(line -> {
            Matcher phase = PHASE.matcher(line);
            assertThat(phase.find()).as(line).isTrue();
            counts.put(phase.group(1), value(line));
        });
        return counts;
    }

    private JsonNode succeeded(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private Optional<Double> freshness(String table) {
        return series(scrape(), "sluice_table_last_success_timestamp_seconds{", table).stream().map(PrometheusIntegrationTests::value)
                .findFirst();
    }

    /** As Prometheus scrapes it: the text format, with the viewer key. */
    private String scrape() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).build().get().uri("/actuator/prometheus")
                .header("X-API-Key", SluiceClient.VIEWER_KEY).retrieve().body(String.class);
    }

    private static List<String> series(String scrape, String prefix, String table) {
        return scrape.lines().filter(line -> line.startsWith(prefix) && line.contains("table=\"" + table + "\"")).toList();
    }

    private static String le(String line) {
        Matcher le = LE.matcher(line);
        return le.find() ? le.group(1) : "";
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static double finished(JsonNode run) {
        OffsetDateTime finished = OffsetDateTime.parse(run.get("finishedAt").asString());
        return finished.toEpochSecond() + finished.getNano() / 1e9;
    }
}
