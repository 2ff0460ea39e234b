package io.sluice.run.execution;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Component;

import io.sluice.expectation.ExpectationReport;
import io.sluice.format.Commit;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.format.Formats;
import io.sluice.table.TableState;
import io.sluice.run.RunPlan;
import io.sluice.run.RunOutcome;
import io.sluice.run.ledger.IdempotencyKeys;

/**
 * Whether a write already happened although the ledger does not say so: an attempt that committed and
 * then died before recording it, or a run the service was killed in. The table's format finds the commit
 * (Delta: by the run id and idempotency key in userMetadata; Parquet: by the stage swapped in, which holds
 * the metrics it measured).
 */
@Component
class EarlierAttempts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdempotencyKeys keys;
    private final Formats formats;

    EarlierAttempts(IdempotencyKeys keys, Formats formats) {
        this.keys = keys;
        this.formats = formats;
    }

    /** An earlier attempt's commit: the attempt (null if its commit does not name it) and the outcome it had. */
    record Earlier(UUID attempt, RunOutcome outcome) {
    }

    /** For a retry: the commit an earlier attempt with the same key made, if one did. */
    Optional<Earlier> committed(RunPlan plan, SparkSession session, Optional<TableState> before) {
        if (plan.retryOf() == null || before.isEmpty()) {
            return Optional.empty();
        }
        List<UUID> attempts = keys.attempts(plan.idempotencyKey()).stream().filter(attempt -> !attempt.equals(plan.id())).toList();
        return formats.of(before.get()).committedWithKey(session, before.get(), plan.idempotencyKey(), attempts)
                .map(commit -> new Earlier(commit.metadata().containsKey("runId") ? UUID.fromString(commit.metadata().get("runId")) : null,
                        outcome(commit)));
    }

    /** For a run the service was killed in: its commit, if it made one. */
    Optional<RunOutcome> committedBy(UUID runId, SparkSession session, TableState table) {
        return formats.of(table).committedBy(session, table, runId).map(EarlierAttempts::outcome);
    }

    private static RunOutcome outcome(Commit commit) {
        String expectations = commit.metadata().get(RunPipeline.EXPECTATIONS);
        return new RunOutcome(commit.versionBefore(), commit.versionAfter(), commit.metrics(), null,
                IncrementalLoad.fromMetadata(commit.metadata()))
                .withExpectations(expectations == null ? null : JSON.readValue(expectations, ExpectationReport.class));
    }
}
