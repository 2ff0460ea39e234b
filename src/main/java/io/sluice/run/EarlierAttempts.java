package io.sluice.run;

import java.util.Optional;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Component;

import io.sluice.strategy.ParquetCommits;
import io.sluice.strategy.StagedCommit;
import io.sluice.table.CommitInfo;
import io.sluice.table.DeltaCommits;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableState;

/**
 * Whether a write already happened although the ledger does not say so: an attempt that committed and
 * then died before recording it, or a run the service was killed in. Delta commits carry their run id
 * and idempotency key in userMetadata; a Parquet write committed when its stage was swapped in, and
 * its stage holds the metrics it measured.
 */
@Component
class EarlierAttempts {

    private final IdempotencyKeys keys;
    private final TableCatalog catalog;

    EarlierAttempts(IdempotencyKeys keys, TableCatalog catalog) {
        this.keys = keys;
        this.catalog = catalog;
    }

    /** For a retry: the commit an earlier attempt with the same key made, if one did. */
    Optional<RunOutcome> committed(RunPlan plan, SparkSession session, Optional<TableState> before) {
        if (plan.retryOf() == null || before.isEmpty()) {
            return Optional.empty();
        }
        TableState table = before.get();
        if (table.format() == TableFormat.DELTA) {
            return deltaCommit(session, table, "idempotencyKey", plan.idempotencyKey());
        }
        return keys.attempts(plan.idempotencyKey()).stream().filter(attempt -> !attempt.equals(plan.id()))
                .map(attempt -> parquetCommit(session, table, attempt)).flatMap(Optional::stream).findFirst();
    }

    /** For a run the service was killed in: its commit, if it made one. */
    Optional<RunOutcome> committedBy(UUID runId, SparkSession session, TableState table) {
        return table.format() == TableFormat.DELTA ? deltaCommit(session, table, "runId", runId.toString())
                : parquetCommit(session, table, runId);
    }

    private Optional<RunOutcome> deltaCommit(SparkSession session, TableState table, String field, String value) {
        return DeltaCommits.findRecent(catalog.deltaLog(session, table), table.version(),
                commit -> value.equals(commit.userMetadataField(field))).map(EarlierAttempts::outcome);
    }

    private static Optional<RunOutcome> parquetCommit(SparkSession session, TableState table, UUID runId) {
        if (!ParquetCommits.committed(session, table, runId)) {
            return Optional.empty();
        }
        ParquetCommits.complete(session, table, runId);
        var recorded = ParquetCommits.recorded(session, table, runId);
        return Optional.of(new RunOutcome(null, null, recorded.map(StagedCommit::metrics).orElse(RunMetrics.NONE), null,
                recorded.map(r -> IncrementalLoad.fromMetadata(r.commit())).orElse(null)));
    }

    private static RunOutcome outcome(CommitInfo commit) {
        return new RunOutcome(commit.version() == 0 ? null : commit.version() - 1, commit.version(), commit.toRunMetrics(), null,
                IncrementalLoad.fromMetadata(commit.userMetadataFields()));
    }
}
