package io.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.support.SluiceClient;
import io.sluice.write.RunSpans.Phase;

/**
 * The service's time by phase ({@code sluice_run_phase_seconds}), read from its registry in this JVM: totals now, and
 * what runs added between two readings. A run records its phases after its end is announced, so a reading waits for them.
 */
record PhaseTotals(Map<Phase, Double> seconds, long runs) {

    static PhaseTotals read(MeterRegistry registry) {
        Map<Phase, Double> seconds = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            seconds.put(phase, timer(registry, phase).totalTime(TimeUnit.SECONDS));
        }
        return new PhaseTotals(seconds, timer(registry, Phase.QUEUE).count()); // every run records its hand-off once
    }

    /** The totals once {@code runs} more runs than {@code before} have recorded theirs. */
    static PhaseTotals after(MeterRegistry registry, PhaseTotals before, long runs) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (timer(registry, Phase.QUEUE).count() < before.runs() + runs && System.nanoTime() < deadline) {
            SluiceClient.sleep(5);
        }
        return read(registry);
    }

    PhaseTotals minus(PhaseTotals before) {
        Map<Phase, Double> added = new LinkedHashMap<>();
        seconds.forEach((phase, total) -> added.put(phase, total - before.seconds().get(phase)));
        return new PhaseTotals(added, runs - before.runs());
    }

    double sum() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Each phase's median over the samples in ms, then the median of what the client saw outside the phases. */
    static String medians(List<PhaseTotals> samples, List<Double> clientSeconds) {
        List<String> parts = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            List<Double> seconds = samples.stream().map(sample -> sample.seconds().get(phase)).toList();
            parts.add(String.format(Locale.ROOT, "%s %.1f", phase.tag(), 1000 * Bench.median(seconds)));
        }
        List<Double> outside = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            outside.add(clientSeconds.get(i) - samples.get(i).sum());
        }
        parts.add(String.format(Locale.ROOT, "outside the phases (HTTP exchange, JSON, security, the long poll's wake-up, the run's "
                + "unspanned steps) %.1f",
                1000 * Bench.median(outside)));
        return String.join(", ", parts);
    }

    private static Timer timer(MeterRegistry registry, Phase phase) {
        return registry.get("sluice.run.phase").tag("phase", phase.tag()).timer();
    }
}
