package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.sluice.support.FakeApi;
import io.sluice.support.SluiceClient;
import tools.jackson.databind.JsonNode;

/**
 * P5: an http pull of N requests × 3 pages from the loopback API server (50 ms per page), staged and
 * loaded: concurrent fetching vs one request at a time, and the heap the pull holds as N grows.
 */
final class PullBench {

    static final int PAGES = 3;
    static final int RECORDS_PER_PAGE = 100;

    private final SluiceClient sluice;

    PullBench(SluiceClient sluice) {
        this.sluice = sluice;
    }

    List<String> p5() {
        List<String> lines = new ArrayList<>();
        try (FakeApi api = FakeApi.start(RECORDS_PER_PAGE, PAGES).latencyMillis(50)) {
            run(api, 10, 16); // warm-up
            List<Double> concurrent = Bench.measure(0, 3, () -> run(api, 200, 16));
            List<Double> sequential = Bench.measure(0, 2, () -> run(api, 200, 1));
            lines.add(Bench.row("P5 pull 200 requests × 3 pages (50 ms each), staged and loaded: concurrency 16 vs 1", concurrent,
                    sequential, "one at a time / concurrent", false));
            for (int requests : new int[] { 50, 100, 200, 400 }) {
                lines.add(heap(api, requests));
            }
        }
        return lines;
    }

    /** Seconds from POST to SUCCEEDED for a fresh batch (nothing skipped), its pages deleted after the load. */
    private double run(FakeApi api, int requests, int concurrency) {
        String table = SluiceClient.uniqueTable("p5");
        String request = request(api, table, requests, concurrency);
        double seconds = Bench.timeRun(sluice, request);
        JsonNode run = sluice.get("/api/v1/tables/" + table).getBody();
        assertThat(run.get("rowCount").asLong()).isEqualTo((long) requests * PAGES * RECORDS_PER_PAGE);
        return seconds;
    }

    /**
     * The live heap while a pull runs (concurrency 4, so it runs long enough): a full GC every 250 ms and
     * the heap used right after it, the greatest of these while the pull fetches (until its progress
     * shows no request remaining) and then while Spark loads the pages, against the figure before.
     */
    private String heap(FakeApi api, int requests) {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long pulling = 0;
        long loading = 0;
        long start = System.nanoTime();
        String id = sluice.submit(request(api, SluiceClient.uniqueTable("p5heap"), requests, 4));
        while (true) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            JsonNode run = sluice.run(id);
            JsonNode pull = run.get("pull");
            boolean fetched = pull != null && !pull.isNull() && pull.get("requestsTotal").asInt() > 0
                    && pull.get("requestsRemaining").asInt() == 0;
            if (!fetched) {
                pulling = Math.max(pulling, used);
            } else {
                loading = Math.max(loading, used);
            }
            String status = run.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                assertThat(status).isEqualTo("SUCCEEDED");
                break;
            }
            SluiceClient.sleep(250);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "| P5 live heap: %d requests × 3 pages, concurrency 4 (%.1f s) | before %d MB | "
                + "fetching: %d MB (%+d MB); loading: %d MB (%+d MB) | | |", requests, seconds, before >> 20, pulling >> 20,
                (pulling - before) >> 20, loading >> 20, (loading - before) >> 20);
    }

    private static String request(FakeApi api, String table, int requests, int concurrency) {
        String sets = IntStream.rangeClosed(1, requests).mapToObj(i -> "{\"session_key\": %d, \"driver_number\": %d}".formatted(9000 + i / 20,
                i % 20)).collect(Collectors.joining(","));
        return """
                {"table": "%s", "strategy": "append",
                 "source": {"type": "http", "name": "p5", "endpoint": "car_data", "url": "%s/v1/car_data", "parameters": [%s],
                            "pagination": {"type": "page", "param": "page", "maxPages": 3}, "batch": "%s", "retention": "delete",
                            "concurrency": %d, "schema": "meeting_key INT, session_key INT, driver_number INT, date STRING, rpm INT, speed INT, n_gear INT, throttle INT, brake INT, drs INT"}}"""
                .formatted(table, api.baseUrl(), sets, UUID.randomUUID(), concurrency);
    }
}
