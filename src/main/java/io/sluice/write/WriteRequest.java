package io.sluice.write;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import io.sluice.table.TableName;
import io.sluice.table.TableState;

/**
 * Everything a strategy and a table format need for one write: the run (its id names staged files), its own session,
 * the target, its state before the run (empty: the run creates it, with the requested partition columns), the rows
 * (already aligned and deduplicated), the options, what the commit records about the run (Delta keeps it in
 * userMetadata, a Parquet stage beside its metrics), and the checkpoint the steps of a commit report to.
 */
public record WriteRequest(UUID runId, SparkSession session, TableName table, Optional<TableState> before, List<String> partitionBy,
        Dataset<Row> data, WriteOptions options, Map<String, String> commitMetadata, Checkpoint checkpoint) {

    /** The table's partition columns, or the requested ones for a table this run creates. */
    public List<String> partitionColumns() {
        return before.map(TableState::partitionBy).orElse(partitionBy);
    }

    /** The existing table: every write but a create has one. */
    public TableState target() {
        return before.orElseThrow(() -> new IllegalStateException("table " + table + " does not exist yet"));
    }

    /** The idempotency key the run was submitted with, as its commit records it; null without one. */
    public String idempotencyKey() {
        return commitMetadata.get("idempotencyKey");
    }

    /** The same write with other rows. */
    public WriteRequest withData(Dataset<Row> rows) {
        return new WriteRequest(runId, session, table, before, partitionBy, rows, options, commitMetadata, checkpoint);
    }

    /** The source's columns the table does not have yet (schemaPolicy add_columns kept them): they join the table with this write. */
    public List<StructField> newColumns() {
        Set<String> existing = Arrays.stream(target().schema().fieldNames()).map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        return Arrays.stream(data.schema().fields()).filter(field -> !existing.contains(field.name().toLowerCase(Locale.ROOT))).toList();
    }
}
