package io.sluice.source;

import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.apache.spark.sql.SparkSession;
import io.sluice.source.http.PullProgress;

/**
 * What a source reads with: the run's session, the service's limits, the run itself (id and start, for
 * the lineage columns and staging), the watermark to push down (null: none), where a pull reports its
 * progress, and whether the run was asked to stop.
 */
public record ReadContext(SparkSession session, SourceContext sources, UUID runId, Instant startedAt, WatermarkBound watermark,
        PullProgress progress, BooleanSupplier cancelled) {

    /** A read for a dry run: no run, no progress to report, never cancelled. */
    public static ReadContext preview(SparkSession session, SourceContext sources) {
        return new ReadContext(session, sources, new UUID(0, 0), Instant.now(), null, PullProgress.untracked(), () -> false);
    }

    /**
     * Where a source can filter at its origin (a JDBC query): rows with {@code column} beyond
     * {@code value} (or at it, when inclusive); the service filters again after the read either way.
     */
    public record WatermarkBound(String column, String value, boolean inclusive) {
    }
}
