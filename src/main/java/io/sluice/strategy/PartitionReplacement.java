package io.sluice.strategy;

import java.util.List;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

import io.sluice.run.RunMetrics;

/**
 * What drop_partition and dynamic_overwrite share: they replace the partitions the source touches.
 * On Delta each uses its own commit; on Parquet both stage the new partitions beside the table and
 * swap them in, so a failure at any step leaves every partition readable with its previous rows.
 * (Spark's own dynamic overwrite of a Parquet table deletes the old partition directories before it
 * moves the new ones in: a crash between the two would lose those partitions.)
 */
abstract sealed class PartitionReplacement implements WriteStrategy permits DropPartitionStrategy, DynamicOverwriteStrategy {

    @Override
    public void check(WriteOptions options, List<String> partitionColumns) {
        WriteStrategy.refuseMergeOptions(name(), options);
        WriteStrategy.requirePartitions(name(), partitionColumns);
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return new Explanation(TouchedPartitions.of(request.data(), request.partitionColumns()).describe(), null);
    }

    @Override
    public final WriteResult write(WriteRequest request) throws NoSuchTableException {
        TouchedPartitions touched = TouchedPartitions.of(request.data(), request.partitionColumns());
        return request.isDelta() ? writeDelta(request, touched) : writeParquet(request, touched);
    }

    /** Replaces the touched partitions in one Delta commit. */
    abstract WriteResult writeDelta(WriteRequest request, TouchedPartitions touched) throws NoSuchTableException;

    private static WriteResult writeParquet(WriteRequest request, TouchedPartitions touched) {
        var replaced = request.session().table(request.table().quoted()).where(touched.predicate(null));
        FileStats removed = FileStats.of(request.session(), replaced.inputFiles());
        long rowsRemoved = replaced.count();
        ParquetStage stage = ParquetStage.write(request, request.data());
        RunMetrics metrics = new RunMetrics(stage.rows(), stage.rows(), 0L, rowsRemoved, stage.files().files(), removed.files(),
                stage.files().bytes(), null, touched.describe());
        ParquetTables.addColumns(request);
        ParquetSwap.replacePartitions(request, stage, touched.specs(), metrics);
        return WriteResult.measured(metrics);
    }
}
