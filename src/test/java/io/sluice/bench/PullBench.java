package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
     * The live heap while a pull runs (concurrency 4, so it runs long enough): a full GC every 250 ms,
     * the heap used right after each; the greatest of them against the same figure before the pull.
     */
    private String heap(FakeApi api, int requests) {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicBoolean pulling = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (pulling.get()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                SluiceClient.sleep(250);
            }
        });
        sampler.start();
        String table = SluiceClient.uniqueTable("p5heap");
        double seconds = Bench.timeRun(sluice, request(api, table, requests, 4));
        pulling.set(false);
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return String.format(Locale.ROOT, "| P5 heap: %d requests × 3 pages, concurrency 4 | %.1f s | live heap after GC: before %d MB, "
                + "greatest during the pull %d MB | growth %+d MB | |", requests, seconds, before >> 20, peak.get() >> 20,
                (peak.get() - before) >> 20);
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
