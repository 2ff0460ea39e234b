package io.sluice.strategy;

import java.util.List;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;

/** Adds the source rows. A re-run appends them again: re-runs become exactly-once with idempotency keys. */
final class AppendStrategy implements WriteStrategy {

    @Override
    public StrategyName name() {
        return StrategyName.APPEND;
    }

    @Override
    public void check(WriteOptions options, List<String> partitionColumns) {
        WriteStrategy.refuseMergeOptions(name(), options);
    }

    @Override
    public Commit write(WriteRequest request, Format format) throws NoSuchTableException {
        return format.append(request);
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return Explanation.NOTHING;
    }
}
