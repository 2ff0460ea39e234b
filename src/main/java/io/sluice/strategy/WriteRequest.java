package io.sluice.strategy;

import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.sluice.table.TableName;
import io.sluice.table.TableState;

/**
 * Everything a strategy needs for one write: the run's own session, the target, its state before
 * the run (empty if it does not exist yet), the partition columns for a new table, the rows (already
 * deduplicated) and the options.
 */
public record WriteRequest(SparkSession session, TableName table, Optional<TableState> before, List<String> partitionBy,
        Dataset<Row> data, WriteOptions options) {

    /** The table's partition columns, or the requested ones for a table this run creates. */
    public List<String> partitionColumns() {
        return before.map(TableState::partitionBy).orElse(partitionBy);
    }
}
