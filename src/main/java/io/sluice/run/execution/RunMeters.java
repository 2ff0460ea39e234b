package io.sluice.run.execution;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sluice.write.RunMetrics;
import io.sluice.write.RunSpans;
import io.sluice.run.RunStatus;
import io.sluice.run.RunPlan;
import io.sluice.run.RunOutcome;

import io.sluice.web.EnumNames;

/**
 * What Prometheus scrapes about runs ({@code /actuator/prometheus}): runs by table, strategy and final
 * status, their duration (a histogram: its buckets are {@code management.metrics.distribution.slo} in application.yml),
 * failed runs by error code, rows by table and kind as the commit reported them, rows failing each expectation, and each table's freshness
 * ({@link TableFreshness}; the queue's gauges are in {@link RunConfiguration}). One series per table: fine for hundreds
 * of tables, a cost at 10,000s. And where runs spend their time, by phase ({@link RunSpans}), over all tables.
 */
@Component
public class RunMeters {

    private final MeterRegistry registry;
    private final TableFreshness freshness;
    private final Map<RunSpans.Phase, Timer> phases = new EnumMap<>(RunSpans.Phase.class);

    RunMeters(MeterRegistry registry, TableFreshness freshness) {
        this.registry = registry;
        this.freshness = freshness;
        for (RunSpans.Phase phase : RunSpans.Phase.values()) { // every phase from the start: a rate over a scrape is defined
            phases.put(phase, Timer.builder("sluice.run.phase").description("Time in each phase of submissions and runs, summed per "
                    + "submission and per run (a submission's ledger insert and its run's transitions are two)").tag("phase", phase.tag())
                    .register(registry));
        }
    }

    /** A submission's or a run's spans, once it is done. */
    public void phases(RunSpans spans) {
        spans.forEach((phase, nanos) -> phases.get(phase).record(nanos, TimeUnit.NANOSECONDS));
    }

    /** A run's final status is in the ledger, after running for {@code took}; {@code outcome} holds a failure's error. */
    void ended(RunPlan plan, RunStatus status, RunOutcome outcome, Duration took) {
        String table = plan.table().toString();
        String strategy = EnumNames.of(plan.kind());
        Tags tags = Tags.of("table", table, "strategy", strategy, "status", status.name());
        Counter.builder("sluice.runs").description("Runs by table, strategy and final status").tags(tags).register(registry).increment();
        Timer.builder("sluice.run.duration").description("From start to final status").tags(tags).register(registry).record(took);
        if (status == RunStatus.FAILED && outcome != null && outcome.error() != null) {
            Counter.builder("sluice.run.failures").description("Failed runs by table, strategy and error code")
                    .tags("table", table, "strategy", strategy, "code", outcome.error().code().name()).register(registry).increment();
        }
        if (status == RunStatus.SUCCEEDED) {
            freshness.succeeded(plan.id());
        }
        if (outcome != null && outcome.expectations() != null) {
            outcome.expectations().rules().forEach(rule -> Counter.builder("sluice.expectation.failures")
                    .description("Source rows failing each expectation, by table, rule and action")
                    .tags("table", table, "rule", rule.name(), "action", EnumNames.of(rule.action())).register(registry).increment(rule.failed()));
        }
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
