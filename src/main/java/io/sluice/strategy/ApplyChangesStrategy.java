package io.sluice.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.problem.InvalidRequestException;
import io.sluice.receipt.WrittenRows;
import io.sluice.table.Identifiers;
import io.sluice.table.TableState;
import io.sluice.write.ChangeOptions;
import io.sluice.write.DuplicatePolicy;
import io.sluice.write.RunMetrics;
import io.sluice.write.SchemaPolicy;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;

/**
 * Change data capture (DLT's APPLY CHANGES, dbt snapshots): the source holds change events, several per key allowed,
 * ordered per key by {@code sequenceBy}; {@code deleteWhen} marks deletes. Type 1 keeps each key's latest row, its
 * sequenceBy columns recording the sequence it won with; type 2 ({@code history}) keeps a version per change
 * ({@link ChangeHistory} says exactly how). The rows of the touched keys are rebuilt with the events and the difference
 * committed as one merge of the table's format ({@link Format#applyChanges}); a batch that changes nothing commits nothing.
 */
final class ApplyChangesStrategy implements WriteStrategy {

    @Override
    public StrategyName name() {
        return StrategyName.APPLY_CHANGES;
    }

    @Override
    public void check(WriteOptions options, List<String> partitionColumns) {
        WriteStrategy.refuseMergeOptions(name(), options);
        ChangeOptions changes = options.changes();
        InvalidRequestException.check(!options.keys().isEmpty(), "keys", "apply_changes needs keys: the columns that identify a row");
        InvalidRequestException.check(!changes.sequenceBy().isEmpty(), "sequenceBy",
                "apply_changes needs sequenceBy: the column (or columns) that order a key's events");
        InvalidRequestException.check(options.duplicates() == DuplicatePolicy.FAIL && options.orderBy().isEmpty(), "duplicates",
                "apply_changes reduces a key's events by sequenceBy itself: duplicates and orderBy do not apply");
        InvalidRequestException.check(options.schemaPolicy() != SchemaPolicy.ADD_COLUMNS, "schemaPolicy",
                "apply_changes takes schemaPolicy fail or ignore; add_columns is not supported yet");
        for (String column : changes.exceptColumns()) {
            InvalidRequestException.check(!ChangeOptions.contains(options.keys(), column), "exceptColumns", "key '%s' cannot be left out", column);
            InvalidRequestException.check(!ChangeOptions.contains(partitionColumns, column), "exceptColumns",
                    "partition column '%s' cannot be left out", column);
            InvalidRequestException.check(changes.history() || !ChangeOptions.contains(changes.sequenceBy(), column), "exceptColumns",
                    "without history the table keeps sequenceBy column '%s': it is the sequence each row won with", column);
        }
        List<String> added = changes.historyColumns();
        for (String column : added) {
            Identifiers.column("history", column);
            InvalidRequestException.check(added.stream().filter(column::equalsIgnoreCase).count() == 1, "history",
                    "validFrom, validTo and current must be three different names; '%s' repeats", column);
            InvalidRequestException.check(!ChangeOptions.contains(options.keys(), column) && !ChangeOptions.contains(partitionColumns, column)
                    && !ChangeOptions.contains(changes.sequenceBy(), column), "history", "'%s' is a key, partition or sequenceBy column", column);
        }
    }

    @Override
    public List<String> refused(StructType source, TableState table, WriteOptions options) {
        ChangeOptions changes = options.changes();
        StructType kept = new StructType(Arrays.stream(source.fields()).filter(f -> !changes.excepts(f.name())).toArray(StructField[]::new));
        return SchemaAlignment.refused(kept, dataSchema(table.schema(), changes), table.partitionBy(), options.schemaPolicy());
    }

    @Override
    public Dataset<Row> align(Dataset<Row> source, TableState table, WriteOptions options) {
        ChangeOptions changes = options.changes();
        StructType data = dataSchema(table.schema(), changes);
        StructType events = data.add(ChangeEvents.SEQUENCE, sequenceType(table.schema(), changes)).add(ChangeEvents.DELETE, DataTypes.BooleanType);
        return SchemaAlignment.align(ChangeEvents.of(source, changes), events, table.partitionBy(), options.schemaPolicy());
    }

    @Override
    public WriteRequest forNewTable(WriteRequest request) {
        ChangeOptions changes = request.options().changes();
        Dataset<Row> events = ChangeEvents.of(request.data(), changes);
        ChangeEvents.counted(events, request.options().keys());
        return request.withData(rebuilt(events, request.options().keys(), changes));
    }

    /** The table's first rows from the events; where each event went is the same tally as for a later batch, with no table rows. */
    @Override
    public Commit create(WriteRequest request, Format format) {
        ChangeOptions changes = request.options().changes();
        List<String> keys = request.options().keys();
        Dataset<Row> events = ChangeEvents.of(request.data(), changes);
        ChangeEvents.Counts counts = ChangeEvents.counted(events, keys);
        Commit commit = format.create(request.withData(rebuilt(events, keys, changes)));
        if (changes.history()) {
            return commit.withWritten(ChangeHistory.tally(events, null, counts.events(), keys, dataColumns(events.schema()), changes));
        }
        long inserted = commit.writtenRows().inserted();
        return commit.withWritten(new WrittenRows(inserted, 0, counts.keys() - inserted, 0, counts.events() - counts.keys()));
    }

    private static Dataset<Row> rebuilt(Dataset<Row> events, List<String> keys, ChangeOptions changes) {
        refuseHistoryColumnsInSource(events.schema(), changes);
        List<String> data = dataColumns(events.schema());
        return changes.history() ? ChangeHistory.versions(events, null, keys, data, changes)
                : ChangeHistory.latest(events, null, keys, data, changes);
    }

    @Override
    public Commit write(WriteRequest request, Format format) {
        ChangeEvents.Counts counts = ChangeEvents.counted(request.data(), request.options().keys());
        try (ChangeSet changes = ChangeSet.of(request)) {
            WrittenRows written = changes.written(counts, request.options().changes().history());
            if (changes.isEmpty()) {
                return new Commit(request.target().version(), request.target().version(), RunMetrics.NOTHING_WRITTEN, request.commitMetadata(),
                        written);
            }
            return format.applyChanges(request.withData(changes.rows()), changes.condition()).withWritten(written);
        }
    }

    @Override
    public Explanation explain(WriteRequest request) {
        Dataset<Row> events = request.before().isPresent() ? request.data() : ChangeEvents.of(request.data(), request.options().changes());
        ChangeEvents.Counts counts = ChangeEvents.counted(events, request.options().keys());
        if (request.before().isEmpty()) {
            long rows = forNewTable(request).data().count();
            return Explanation.of(new ChangePreview(counts.events(), counts.deletes(), counts.keys(), counts.mostPerKey(), rows, 0, 0));
        }
        try (ChangeSet changes = ChangeSet.of(request)) {
            return Explanation.of(new ChangePreview(counts.events(), counts.deletes(), counts.keys(), counts.mostPerKey(), changes.inserts(),
                    changes.updates(), changes.deletes()));
        }
    }

    /** The table's columns but those apply_changes adds (with history: validFrom, validTo, current). */
    static StructType dataSchema(StructType table, ChangeOptions changes) {
        return new StructType(Arrays.stream(table.fields()).filter(f -> !ChangeOptions.contains(changes.historyColumns(), f.name()))
                .toArray(StructField[]::new));
    }

    static List<String> dataColumns(StructType events) {
        List<String> data = new ArrayList<>(List.of(events.fieldNames()));
        data.removeIf(c -> c.equals(ChangeEvents.SEQUENCE) || c.equals(ChangeEvents.DELETE));
        return data;
    }

    private static org.apache.spark.sql.types.DataType sequenceType(StructType table, ChangeOptions changes) {
        return changes.history() ? Arrays.stream(table.fields()).filter(f -> f.name().equalsIgnoreCase(changes.validFrom())).findFirst()
                .orElseThrow(() -> InvalidRequestException.of("history", "the table has no column '%s': it was not written with history",
                        changes.validFrom())).dataType()
                : ChangeEvents.sequenceType(table, changes.sequenceBy());
    }

    private static void refuseHistoryColumnsInSource(StructType events, ChangeOptions changes) {
        for (String column : changes.historyColumns()) {
            InvalidRequestException.check(!ChangeOptions.contains(List.of(events.fieldNames()), column), "history",
                    "the source has a column '%s', which history adds: name validFrom, validTo or current differently, or leave it out", column);
        }
    }
}
