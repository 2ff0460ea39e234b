package io.sluice.strategy;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;

import io.sluice.receipt.WrittenRows;
import io.sluice.write.ChangeOptions;
import io.sluice.write.KeyCondition;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteRequest;

/**
 * The change rows of one apply_changes write ({@link ChangeHistory#diff}), computed once and held for the commit
 * (checkpointed: the count, the partitions and the merge read the same rows, and the table is read once), with the
 * condition that matches each to its table row: the keys, with history validFrom too, and the touched partitions,
 * those of the rows a change replaces as well as of the new ones.
 */
final class ChangeSet implements AutoCloseable {

    private final Dataset<Row> rows;
    private final KeyCondition condition;
    private final Map<String, Long> actions;
    private final LongFunction<WrittenRows> historyTally;

    private ChangeSet(Dataset<Row> rows, KeyCondition condition, Map<String, Long> actions, LongFunction<WrittenRows> historyTally) {
        this.rows = rows;
        this.condition = condition;
        this.actions = actions;
        this.historyTally = historyTally;
    }

    static ChangeSet of(WriteRequest request) {
        ChangeOptions changes = request.options().changes();
        List<String> keys = request.options().keys();
        Dataset<Row> events = request.data();
        Column sameKey = keys.stream().map(k -> col("t." + k).equalTo(col("s." + k))).reduce(Column::and).orElseThrow();
        Dataset<Row> existing = request.session().table(request.table().quoted()).as("t")
                .join(events.select(keys.stream().map(k -> col(k)).toArray(Column[]::new)).distinct().as("s"), sameKey, "left_semi");
        List<String> data = ApplyChangesStrategy.dataColumns(events.schema());
        List<String> identity = new ArrayList<>(keys);
        Dataset<Row> desired;
        if (changes.history()) {
            desired = ChangeHistory.versions(events, existing, keys, data, changes);
            identity.add(changes.validFrom());
        } else {
            desired = ChangeHistory.latest(events, existing, keys, data, changes);
        }
        List<String> columns = List.of(existing.columns());
        Dataset<Row> rows = ChangeHistory.diff(desired.select(columns.stream().map(c -> col(c)).toArray(Column[]::new)), existing, identity,
                columns).localCheckpoint(true);
        Map<String, Long> actions = rows.groupBy(ChangeOptions.ACTION).count().collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getString(0), row -> row.getLong(1)));
        Column matches = identity.stream().map(c -> col("t." + c).equalTo(col("s." + c))).reduce(Column::and).orElseThrow();
        List<String> partitions = request.partitionColumns();
        LongFunction<WrittenRows> tally = count -> ChangeHistory.tally(events, existing, count, keys, data, changes);
        if (partitions.isEmpty() || actions.isEmpty()) {
            return new ChangeSet(rows, new KeyCondition(matches, matches, null), actions, tally);
        }
        Column[] partitionColumns = partitions.stream().map(c -> col(c)).toArray(Column[]::new);
        TouchedPartitions touched = TouchedPartitions.of(rows.select(partitionColumns).unionByName(existing.select(partitionColumns)),
                partitions);
        return new ChangeSet(rows, new KeyCondition(matches, matches.and(touched.predicate("t")), touched), actions, tally);
    }

    /** The change rows, each with its {@link ChangeOptions#ACTION}. */
    Dataset<Row> rows() {
        return rows;
    }

    KeyCondition condition() {
        return condition;
    }

    boolean isEmpty() {
        return actions.isEmpty();
    }

    long inserts() {
        return actions.getOrDefault("I", 0L);
    }

    long updates() {
        return actions.getOrDefault("U", 0L);
    }

    long deletes() {
        return actions.getOrDefault("D", 0L);
    }

    /**
     * Where the batch's events went. Type 1, by key: the event a key's row ends with inserted, updated or deleted it, or
     * changed nothing (older than the table's row, equal to it, a delete of a key the table lacks); its other events were
     * superseded. Type 2 by {@link ChangeHistory#tally}.
     */
    WrittenRows written(ChangeEvents.Counts counts, boolean history) {
        if (history) {
            return historyTally.apply(counts.events());
        }
        long changed = inserts() + updates() + deletes();
        return new WrittenRows(inserts(), updates(), counts.keys() - changed, deletes(), counts.events() - counts.keys());
    }

    @Override
    public void close() {
        if (rows.queryExecution().analyzed() instanceof LogicalRDD held) {
            held.rdd().unpersist(false);
        }
    }
}
