package io.sluice.run.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

import io.sluice.source.http.PullStats;
import io.sluice.write.RunMetrics;
import io.sluice.run.RunStatus;
import io.sluice.run.execution.RunScheduler;
import io.sluice.run.ledger.RunLedger;
import io.sluice.run.RunError;
import io.sluice.run.EngineProgress;

/** {@code /actuator/runs}: counts by status, what is executing (with its progress) and waiting now, and each table's last run. */
@Component
@Endpoint(id = "runs")
class RunsEndpoint {

    record TableLastRun(String table, UUID runId, RunStatus status, OffsetDateTime finishedAt,
            RunMetrics metrics, RunError error) {
    }

    /** A run executing now, with Spark's progress on it and, for an http source, its pull's. */
    record Running(UUID runId, String table, OffsetDateTime startedAt, EngineProgress engine, PullStats pull) {
    }

    record Summary(Map<RunStatus, Long> byStatus, int executing, int waiting, List<Running> running, List<TableLastRun> tables) {
    }

    private final RunLedger ledger;
    private final RunScheduler scheduler;

    private final RunService runs;

    RunsEndpoint(RunLedger ledger, RunScheduler scheduler, RunService runs) {
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.runs = runs;
    }

    @ReadOperation
    Summary runs() {
        List<TableLastRun> tables = ledger.latestPerTable().stream()
                .map(run -> new TableLastRun(run.table(), run.id(), run.status(), run.finishedAt(), run.metrics(), run.error()))
                .toList();
        List<Running> running = scheduler.active().stream().map(id -> ledger.find(id)).flatMap(java.util.Optional::stream)
                .map(run -> new Running(run.id(), run.table(), run.startedAt(), runs.engineProgress(run.id()), run.pull())).toList();
        return new Summary(ledger.countByStatus(), scheduler.activeCount(), scheduler.waitingCount(), running, tables);
    }
}
