package io.sluice.run.execution;

import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sluice.write.RunMetrics;
import io.sluice.run.RunStatus;
import io.sluice.run.RunPlan;
import io.sluice.run.RunOutcome;

import io.sluice.web.EnumNames;

/**
 * What Prometheus scrapes about runs ({@code /actuator/prometheus}): runs by table, strategy and final
 * status, their duration, and rows by table and kind as the commit reported them (the queue's gauges
 * are in {@link RunConfiguration}). One series per table: fine for hundreds of tables, a cost at 10,000s.
 */
@Component
class RunMeters {

    private final MeterRegistry registry;

    RunMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A run reached a final status after running for {@code took} (zero if it never started). */
    void ended(RunPlan plan, RunStatus status, RunOutcome outcome, Duration took) {
        Tags tags = Tags.of("table", plan.table().toString(), "strategy", EnumNames.of(plan.kind()), "status", status.name());
        Counter.builder("sluice.runs").description("Runs by table, strategy and final status").tags(tags).register(registry).increment();
        Timer.builder("sluice.run.duration").description("From start to final status").tags(tags).register(registry).record(took);
        RunMetrics metrics = outcome == null ? RunMetrics.NONE : outcome.metrics();
        Map<String, Long> rows = new java.util.LinkedHashMap<>();
        rows.put("output", metrics.rowsOutput());
        rows.put("inserted", metrics.rowsInserted());
        rows.put("updated", metrics.rowsUpdated());
        rows.put("deleted", metrics.rowsDeleted());
        rows.forEach((kind, count) -> {
            if (count != null && count > 0) {
                Counter.builder("sluice.rows").description("Rows written, by table and kind, from the commits' own metrics")
                        .tags("table", plan.table().toString(), "kind", kind).register(registry).increment(count);
            }
        });
    }
}
