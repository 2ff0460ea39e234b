package io.sluice.strategy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;

/**
 * Everything a strategy needs for one write: the run (its id names staged files), its own session,
 * the target, its state before the run (empty if it does not exist yet), the format and partition
 * columns for a new table, the rows (already aligned and deduplicated), the options, what the commit
 * records about the run (Delta keeps it in userMetadata, a Parquet stage beside its metrics), and the
 * checkpoint the steps of a Parquet commit report to.
 */
public record WriteRequest(UUID runId, SparkSession session, TableName table, Optional<TableState> before, TableFormat newFormat,
        List<String> partitionBy, Dataset<Row> data, WriteOptions options, Map<String, String> commitMetadata, Checkpoint checkpoint) {

    /** The table's partition columns, or the requested ones for a table this run creates. */
    public List<String> partitionColumns() {
        return before.map(TableState::partitionBy).orElse(partitionBy);
    }

    /** The table's format, or the requested one for a table this run creates. */
    public TableFormat format() {
        return before.map(TableState::format).orElse(newFormat);
    }

    boolean isDelta() {
        return format() == TableFormat.DELTA;
    }
}
