package io.sluice.run.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Component;

import io.sluice.strategy.StrategyName;
import io.sluice.table.TableState;
import io.sluice.watermark.Watermark;
import io.sluice.watermark.WatermarkAdvance;
import io.sluice.watermark.WatermarkFilter;
import io.sluice.watermark.Watermarks;
import io.sluice.run.RunPlan;

/**
 * A run with a watermark loads only what is new: source rows beyond the table's stored watermark
 * (from {@code initial} the first time). The new watermark is the greatest value loaded; the ledger
 * stores it in the transaction that records the run SUCCEEDED, and the commit carries it too, so a
 * restart after the commit finds it there. Nothing new: nothing committed, the watermark unchanged.
 */
@Component
class IncrementalLoad {

    private final Watermarks watermarks;

    IncrementalLoad(Watermarks watermarks) {
        this.watermarks = watermarks;
    }

    /** The stored watermark, or the request's initial value while none is stored. */
    String current(RunPlan plan) {
        return watermarks.find(plan.table().toString(), plan.watermark().effectiveName()).map(Watermark::value)
                .orElse(plan.watermark().initial());
    }

    /**
     * The rows beyond the watermark. Inclusive: rows at it too; an append drops those the table already
     * has by key, while merge and partition replacement absorb repeats themselves.
     */
    Dataset<Row> beyond(RunPlan plan, SparkSession session, Optional<TableState> before, Dataset<Row> source, String current) {
        boolean appends = plan.strategy().name() == StrategyName.APPEND && before.isPresent();
        Dataset<Row> loaded = plan.watermark().isInclusive() && appends ? session.table(plan.table().quoted()) : null;
        return WatermarkFilter.beyond(source, plan.watermark(), current, loaded, plan.options().keys());
    }

    /** The advance the loaded rows make; null when there are none. */
    WatermarkAdvance advance(RunPlan plan, Dataset<Row> loaded, String current) {
        String greatest = WatermarkFilter.greatest(loaded, plan.watermark().column());
        return greatest == null ? null
                : new WatermarkAdvance(plan.watermark().effectiveName(), plan.watermark().column(), current, greatest);
    }

    static Map<String, String> toMetadata(WatermarkAdvance advance) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("watermarkName", advance.name());
        metadata.put("watermarkColumn", advance.column());
        if (advance.before() != null) {
            metadata.put("watermarkBefore", advance.before());
        }
        metadata.put("watermarkAfter", advance.after());
        return metadata;
    }

    /** The advance a commit's metadata carries, if any. */
    static WatermarkAdvance fromMetadata(Map<String, String> metadata) {
        String name = metadata.get("watermarkName");
        return name == null ? null
                : new WatermarkAdvance(name, metadata.get("watermarkColumn"), metadata.get("watermarkBefore"), metadata.get("watermarkAfter"));
    }
}
