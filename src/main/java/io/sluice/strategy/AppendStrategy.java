package io.sluice.strategy;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Adds the source rows. Columns are matched by name ({@code saveAsTable} in append mode resolves by
 * name, unlike {@code insertInto}); a missing table is created with the requested partitioning in the
 * same commit. A re-run appends again: re-runs become exactly-once with idempotency keys.
 */
final class AppendStrategy implements WriteStrategy {

    @Override
    public StrategyName name() {
        return StrategyName.APPEND;
    }

    @Override
    public void write(WriteRequest request) {
        DataFrameWriter<Row> writer = request.data().write().format("delta").mode(SaveMode.Append);
        if (request.before().isEmpty() && !request.partitionBy().isEmpty()) {
            writer.partitionBy(request.partitionBy().toArray(String[]::new));
        }
        writer.saveAsTable(request.table().toString());
    }
}
