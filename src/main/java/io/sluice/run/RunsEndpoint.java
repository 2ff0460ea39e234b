package io.sluice.run;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** {@code /actuator/runs}: counts by status, what is executing and waiting now, and each table's last run. */
@Component
@Endpoint(id = "runs")
class RunsEndpoint {

    record TableLastRun(String table, UUID runId, RunStatus status, OffsetDateTime finishedAt,
            RunMetrics metrics, RunError error) {
    }

    record Summary(Map<RunStatus, Long> byStatus, int executing, int waiting, List<TableLastRun> tables) {
    }

    private final RunLedger ledger;
    private final RunScheduler scheduler;

    RunsEndpoint(RunLedger ledger, RunScheduler scheduler) {
        this.ledger = ledger;
        this.scheduler = scheduler;
    }

    @ReadOperation
    Summary runs() {
        List<TableLastRun> tables = ledger.latestPerTable().stream()
                .map(run -> new TableLastRun(run.table(), run.id(), run.status(), run.finishedAt(), run.metrics(), run.error()))
                .toList();
        return new Summary(ledger.countByStatus(), scheduler.activeCount(), scheduler.waitingCount(), tables);
    }
}
