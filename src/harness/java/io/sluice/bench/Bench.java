package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import io.sluice.support.ServiceProcess;
import io.sluice.support.SluiceClient;
import tools.jackson.databind.JsonNode;

/** Timing and reporting helpers of the bench harness. */
final class Bench {

    private Bench() {
    }

    /** POST to SUCCEEDED, observed with the long poll: one request, no polling load on the 2 cores. */
    static double timeRun(SluiceClient sluice, String request) {
        long start = System.nanoTime();
        JsonNode run = sluice.awaitEnd(sluice.submit(request));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return seconds;
    }

    static double time(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** A result row: medians of both sides and their ratio, first / second or second / first. */
    static String row(String name, List<Double> sluiceTimes, List<Double> baseline, String ratioName, boolean firstOverSecond) {
        double s = median(sluiceTimes);
        double b = median(baseline);
        double ratio = firstOverSecond ? s / b : b / s;
        return String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %s = %.2f | sluice %s; baseline %s |", name, s, b, ratioName, ratio,
                format(sluiceTimes), format(baseline));
    }

    static List<Double> measure(int warmups, int samples, Supplier<Double> sample) {
        for (int i = 0; i < warmups; i++) {
            sample.get();
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            values.add(sample.get());
        }
        return values;
    }

    /** Samples of two things measured side by side. */
    record Paired(List<Double> subject, List<Double> baseline) {
    }

    /**
     * {@code pairs} pairs of samples in alternating order (subject first, then baseline first, …), after one discarded
     * warm-up pair: neither side always runs on a JVM the other has just warmed or a heap the other has just filled.
     */
    static Paired alternating(int pairs, Supplier<Double> subject, Supplier<Double> baseline) {
        List<Double> subjects = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        for (int i = -1; i < pairs; i++) {
            boolean subjectFirst = i % 2 != 0;
            double first = (subjectFirst ? subject : baseline).get();
            double second = (subjectFirst ? baseline : subject).get();
            if (i >= 0) {
                subjects.add(subjectFirst ? first : second);
                baselines.add(subjectFirst ? second : first);
            }
        }
        return new Paired(subjects, baselines);
    }

    static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** P1's 1,000 rows (10 dates) as the inline source's JSON array body, without the brackets. */
    static String p1Rows() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"id\": %d, \"name\": \"name-%d\", \"amount\": %d.5, \"event_date\": \"%s\"}"
                    .formatted(i, i, i, LocalDate.of(2024, 8, 1).plusDays(i % 10)));
        }
        return rows.toString();
    }

    /** POST → SUCCEEDED through a started jar, in seconds. */
    static double timeRun(ServiceProcess service, String request) {
        try {
            long start = System.nanoTime();
            JsonNode run = service.awaitEnd(service.json("POST", "/api/v1/runs", request).get("id").asString(), Duration.ofMinutes(3));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(run.get("status").asString()).as("%s", run).isEqualTo("SUCCEEDED");
            return seconds;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

}
