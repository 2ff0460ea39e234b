package io.sluice.strategy;

import static io.sluice.strategy.ChangeEvents.DELETE;
import static io.sluice.strategy.ChangeEvents.SEQUENCE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import io.sluice.receipt.WrittenRows;
import io.sluice.write.ChangeOptions;

/**
 * What the table should hold for the keys a batch of events touches, rebuilt from the rows it holds for them and the new
 * events together, so that a late event lands where its sequence puts it. Per key and sequence one event counts, the
 * table's before the batch's: an event replayed, or as old as what the table holds, changes nothing.
 * <ul>
 * <li>Type 1: the event with the highest sequence wins; the table's row counts as an event at the sequence it stores (its
 * sequenceBy columns). A delete that wins removes the row.
 * <li>Type 2: every event that changes a tracked column (all but keys and sequenceBy) opens a version valid from its
 * sequence to the next event's; a delete closes the version before it; a repeat of the values before it, or a delete
 * with nothing open, is no change. The table's versions count as events at their validFrom, and a version closed by no
 * later version as a delete at its validTo.
 * </ul>
 */
final class ChangeHistory {

    private static final String ORIGIN = "_sluice_origin"; // 0: the table's, 1: the batch's
    private static final String RANK = "_sluice_rank";
    private static final String KEEP = "_sluice_keep";
    private static final String NEXT = "_sluice_next";
    private static final String AT_TABLE_SEQUENCE = "_sluice_at_table_sequence";

    private ChangeHistory() {
    }

    /** Type 1: the latest row per key, without the keys whose latest event deletes them. */
    static Dataset<Row> latest(Dataset<Row> events, Dataset<Row> existing, List<String> keys, List<String> data, ChangeOptions changes) {
        Dataset<Row> all = tagged(events, data, 1);
        if (existing != null) {
            all = existing.select(columns(data)).withColumn(SEQUENCE, ChangeEvents.sequence(changes.sequenceBy()))
                    .withColumn(DELETE, lit(false)).withColumn(ORIGIN, lit(0)).unionByName(all);
        }
        WindowSpec latestFirst = Window.partitionBy(columns(keys)).orderBy(col(SEQUENCE).desc(), col(ORIGIN).asc(), col(DELETE).desc());
        return all.withColumn(RANK, row_number().over(latestFirst)).where(col(RANK).equalTo(1).and(not(col(DELETE)))).select(columns(data));
    }

    /** Type 2: every version of each touched key, with validFrom, validTo and the current flag. */
    static Dataset<Row> versions(Dataset<Row> events, Dataset<Row> existing, List<String> keys, List<String> data, ChangeOptions changes) {
        Dataset<Row> kept = kept(ranked(events, existing, keys, data, changes), keys, data, changes);
        WindowSpec inOrder = Window.partitionBy(columns(keys)).orderBy(col(SEQUENCE));
        Column closedAt = lead(col(SEQUENCE), 1).over(inOrder);
        return kept.withColumn(NEXT, closedAt).where(not(col(DELETE)))
                .select(columns(data, col(SEQUENCE).as(changes.validFrom()), col(NEXT).as(changes.validTo()),
                        col(NEXT).isNull().as(changes.current())));
    }

    /**
     * Type 2: where the batch's {@code events} events went. One that opened a version is inserted, a delete that closed one
     * is deleting; one at the sequence of another of its key in the batch is superseded; the rest (at a sequence the table
     * holds, a repeat of the values before it, a delete with nothing open) changed nothing. Two jobs, for the receipt.
     */
    static WrittenRows tally(Dataset<Row> events, Dataset<Row> existing, long count, List<String> keys, List<String> data,
            ChangeOptions changes) {
        Dataset<Row> ranked = ranked(events, existing, keys, data, changes);
        Column batch = col(ORIGIN).equalTo(1);
        long superseded = ranked.agg(count_if(batch.and(col(RANK).gt(1)).and(not(col(AT_TABLE_SEQUENCE))))).first().getLong(0);
        Row kept = kept(ranked, keys, data, changes).agg(count_if(batch.and(not(col(DELETE)))), count_if(batch.and(col(DELETE)))).first();
        long opened = kept.getLong(0);
        long closed = kept.getLong(1);
        return new WrittenRows(opened, 0, count - superseded - opened - closed, closed, superseded);
    }

    /** The batch's events and the table's versions as events, each ranked among those of its key and sequence, the table's first. */
    private static Dataset<Row> ranked(Dataset<Row> events, Dataset<Row> existing, List<String> keys, List<String> data,
            ChangeOptions changes) {
        Dataset<Row> all = tagged(events, data, 1);
        if (existing != null) {
            Column validFrom = col(changes.validFrom());
            Column validTo = col(changes.validTo());
            Column next = lead(validFrom, 1).over(Window.partitionBy(columns(keys)).orderBy(validFrom));
            Dataset<Row> opened = existing.select(columns(data, validFrom.as(SEQUENCE), lit(false).as(DELETE), lit(0).as(ORIGIN)));
            Dataset<Row> closed = existing.withColumn(NEXT, next).where(validTo.isNotNull().and(not(validTo.eqNullSafe(col(NEXT)))))
                    .select(columns(data, validTo.as(SEQUENCE), lit(true).as(DELETE), lit(0).as(ORIGIN)));
            all = opened.unionByName(closed).unionByName(all);
        }
        WindowSpec sameSequence = Window.partitionBy(columns(keys, col(SEQUENCE))).orderBy(col(ORIGIN).asc(), col(DELETE).desc());
        return all.withColumn(RANK, row_number().over(sameSequence))
                .withColumn(AT_TABLE_SEQUENCE, min(col(ORIGIN)).over(Window.partitionBy(columns(keys, col(SEQUENCE)))).equalTo(0));
    }

    /** The events that change something: one per key and sequence, and not a repeat of the values before it. */
    private static Dataset<Row> kept(Dataset<Row> ranked, List<String> keys, List<String> data, ChangeOptions changes) {
        Dataset<Row> all = ranked.where(col(RANK).equalTo(1)).drop(RANK, AT_TABLE_SEQUENCE);
        WindowSpec inOrder = Window.partitionBy(columns(keys)).orderBy(col(SEQUENCE));
        Column previousDeletes = lag(col(DELETE), 1).over(inOrder);
        Column unchanged = lit(true);
        for (String column : data) {
            if (!ChangeOptions.contains(keys, column) && !ChangeOptions.contains(changes.sequenceBy(), column)) {
                unchanged = unchanged.and(col(column).eqNullSafe(lag(col(column), 1).over(inOrder)));
            }
        }
        Column keep = when(col(DELETE), previousDeletes.eqNullSafe(lit(false)))
                .otherwise(previousDeletes.isNull().or(previousDeletes).or(not(unchanged)));
        return all.withColumn(KEEP, keep).where(col(KEEP)).drop(KEEP);
    }

    /**
     * The change rows that turn {@code existing} into {@code desired}, matched on {@code identity}: I for a row to insert,
     * U to update, D to delete (with the table's values); rows that stay as they are are left out.
     */
    static Dataset<Row> diff(Dataset<Row> desired, Dataset<Row> existing, List<String> identity, List<String> columns) {
        Column on = identity.stream().map(c -> col("r." + c).equalTo(col("e." + c))).reduce(Column::and).orElseThrow();
        Column same = columns.stream().map(c -> col("r." + c).eqNullSafe(col("e." + c))).reduce(Column::and).orElseThrow();
        Dataset<Row> joined = desired.withColumn(ORIGIN, lit(1)).as("r").join(existing.withColumn(ORIGIN, lit(0)).as("e"), on, "full_outer");
        Column wanted = col("r." + ORIGIN).isNotNull();
        Column held = col("e." + ORIGIN).isNotNull();
        List<Column> selected = new ArrayList<>();
        columns.forEach(c -> selected.add(when(wanted, col("r." + c)).otherwise(col("e." + c)).as(c)));
        selected.add(when(not(held), lit("I")).when(not(wanted), lit("D")).when(not(same), lit("U")).as(ChangeOptions.ACTION));
        return joined.select(selected.toArray(Column[]::new)).where(col(ChangeOptions.ACTION).isNotNull());
    }

    private static Dataset<Row> tagged(Dataset<Row> events, List<String> data, int origin) {
        return events.select(columns(data, col(SEQUENCE), col(DELETE), lit(origin).as(ORIGIN)));
    }

    private static Column[] columns(List<String> names, Column... more) {
        List<Column> all = new ArrayList<>(names.stream().map(c -> col(c)).toList());
        all.addAll(List.of(more));
        return all.toArray(Column[]::new);
    }
}
