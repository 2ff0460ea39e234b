package io.sluice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;

/**
 * Reads a Delta table's latest snapshot with Delta Kernel's default engine, as Kernel's own single-threaded example
 * does: no Spark and none of Delta's Spark code, so what it sees is what any protocol-following reader sees. Kernel
 * replays the log, reads each live file's Parquet data, adds the partition values from the log and marks the rows the
 * file's deletion vector deletes in a selection vector, which this reader applies.
 */
public final class KernelReader {

    private KernelReader() {
    }

    /**
     * The snapshot's rows (columns in the table's order, as Java values: Long, BigDecimal, Instant, LocalDate,
     * String, ...) and how many rows of the files it read the selection vectors left out.
     */
    public record TableRead(long version, List<Map<String, Object>> rows, int rowsDeselected) {
    }

    public static TableRead read(String location) {
        Engine engine = DefaultEngine.create(new Configuration());
        return read(engine, TableManager.loadSnapshot(location).build(engine));
    }

    /** The rows of the table's {@code version}, as time travel reads them. */
    public static TableRead read(String location, long version) {
        Engine engine = DefaultEngine.create(new Configuration());
        return read(engine, TableManager.loadSnapshot(location).atVersion(version).build(engine));
    }

    private static TableRead read(Engine engine, Snapshot snapshot) {
        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        List<Map<String, Object>> rows = new ArrayList<>();
        int deselected = 0;
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                // getRows() skips the scan files the log replay removed
                try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
                    while (files.hasNext()) {
                        Row file = files.next();
                        CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                                .readParquetFiles(Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)),
                                        ScanStateRow.getPhysicalDataReadSchema(scanState), Optional.empty())
                                .map(FileReadResult::getData);
                        try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState, file, physical)) {
                            while (logical.hasNext()) {
                                deselected += addSelected(logical.next(), rows);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TableRead(snapshot.getVersion(), rows, deselected);
    }

    /** Adds the batch's selected rows; answers how many it left out. */
    private static int addSelected(FilteredColumnarBatch filtered, List<Map<String, Object>> rows) {
        ColumnarBatch batch = filtered.getData();
        Optional<ColumnVector> selection = filtered.getSelectionVector();
        int deselected = 0;
        for (int i = 0; i < batch.getSize(); i++) {
            if (selection.isPresent() && (selection.get().isNullAt(i) || !selection.get().getBoolean(i))) {
                deselected++;
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            List<StructField> fields = batch.getSchema().fields();
            for (int c = 0; c < fields.size(); c++) {
                row.put(fields.get(c).getName(), value(batch.getColumnVector(c), i));
            }
            rows.add(row);
        }
        return deselected;
    }

    private static Object value(ColumnVector vector, int i) {
        if (vector.isNullAt(i)) {
            return null;
        }
        DataType type = vector.getDataType();
        if (type instanceof LongType) {
            return vector.getLong(i);
        } else if (type instanceof IntegerType) {
            return vector.getInt(i);
        } else if (type instanceof BooleanType) {
            return vector.getBoolean(i);
        } else if (type instanceof StringType) {
            return vector.getString(i);
        } else if (type instanceof DecimalType) {
            return vector.getDecimal(i);
        } else if (type instanceof TimestampType) {
            return Instant.EPOCH.plus(vector.getLong(i), ChronoUnit.MICROS); // microseconds since the epoch, UTC
        } else if (type instanceof DateType) {
            return LocalDate.ofEpochDay(vector.getInt(i));
        }
        throw new IllegalArgumentException("KernelReader has no Java value for " + type);
    }
}
