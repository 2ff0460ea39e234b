package io.sluice.strategy;

import java.util.List;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the source rows: on Delta one commit, on Parquet a staged write moved into the table
 * ({@link ParquetAppend}). A re-run appends them again: re-runs become exactly-once with idempotency keys.
 * A Delta append that meets a concurrent commit is retried (twice); Sluice itself writes one run per table at a time.
 */
final class AppendStrategy implements WriteStrategy {

    private static final Logger log = LoggerFactory.getLogger(AppendStrategy.class);
    private static final int CONFLICT_ATTEMPTS = 3;

    @Override
    public StrategyName name() {
        return StrategyName.APPEND;
    }

    @Override
    public void check(WriteOptions options, List<String> partitionColumns) {
        WriteStrategy.refuseMergeOptions(name(), options);
    }

    @Override
    public WriteResult write(WriteRequest request) throws NoSuchTableException {
        if (!request.isDelta()) {
            return ParquetAppend.write(request);
        }
        for (int attempt = 1;; attempt++) {
            try {
                request.data().writeTo(request.table().quoted()).append();
                return WriteResult.NO_PARTITIONS;
            } catch (DeltaConcurrentModificationException conflict) {
                // A blind append reads nothing, so a concurrent commit cannot invalidate its rows: try again.
                // The run's txnAppId makes a retry of an append that did commit a no-op.
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw conflict;
                }
                log.warn("Append conflicted with a concurrent commit ({}); attempt {} of {}", conflict.getMessage(), attempt + 1,
                        CONFLICT_ATTEMPTS);
            }
        }
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return Explanation.NOTHING;
    }
}
