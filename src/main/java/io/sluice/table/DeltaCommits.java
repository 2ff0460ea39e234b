package io.sluice.table;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.delta.tables.DeltaTable;
import scala.jdk.javaapi.CollectionConverters;

/** Reads a Delta table's commit history: the current version and the commit a run made. */
public final class DeltaCommits {

    private DeltaCommits() {
    }

    /** The commits after {@code afterVersion}, newest first. */
    public static List<CommitInfo> since(SparkSession session, TableName table, long afterVersion) {
        Row[] rows = (Row[]) DeltaTable.forName(session, table.toString()).history()
                .where("version > " + afterVersion) // a number, never user text
                .select("version", "timestamp", "operation", "operationMetrics", "userMetadata")
                .orderBy(org.apache.spark.sql.functions.col("version").desc())
                .collect();
        return java.util.Arrays.stream(rows).map(DeltaCommits::commit).toList();
    }

    public static Optional<CommitInfo> latest(SparkSession session, TableName table) {
        Row[] rows = (Row[]) DeltaTable.forName(session, table.toString()).history(1)
                .select("version", "timestamp", "operation", "operationMetrics", "userMetadata")
                .collect();
        return rows.length == 0 ? Optional.empty() : Optional.of(commit(rows[0]));
    }

    private static CommitInfo commit(Row row) {
        scala.collection.Map<String, String> metrics = row.isNullAt(3) ? null : row.getMap(3);
        Map<String, String> operationMetrics = metrics == null ? Map.of() : Map.copyOf(CollectionConverters.asJava(metrics));
        Timestamp timestamp = row.getTimestamp(1);
        return new CommitInfo(row.getLong(0), timestamp.toInstant(), row.getString(2), operationMetrics,
                row.isNullAt(4) ? null : row.getString(4));
    }
}
