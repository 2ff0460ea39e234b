package io.sluice.format;

import static java.util.stream.Collectors.joining;

import org.apache.spark.sql.Observation;
import org.apache.spark.sql.types.StructField;

import io.sluice.write.RunMetrics;
import io.sluice.write.WriteRequest;

/**
 * What Parquet catalog tables need that Delta does itself: columns added under schemaPolicy
 * add_columns, and metrics measured exactly (counts observed while writing, files listed) since
 * there is no commit log.
 */
final class ParquetTables {

    private ParquetTables() {
    }

    /** A table this run created: every row and file is new. Its symlink manifests are written. */
    static RunMetrics created(WriteRequest request, Observation observed) {
        long rows = observed(observed, "rows");
        FileStats files = FileStats.of(request.session(), request.session().table(request.table().quoted()).inputFiles());
        SymlinkManifest.rewrite(request.session(), request.table().identifier());
        return RunMetrics.appended(rows, files.files(), files.bytes());
    }

    /**
     * schemaPolicy add_columns: the source's new columns join the table (existing files read them as
     * null). Parquet has no transaction to add them in, so callers do it just before their commit.
     */
    static void addColumns(WriteRequest request) {
        String added = request.newColumns().stream().map(ParquetTables::definition).collect(joining(", "));
        if (!added.isEmpty()) {
            request.session().sql("ALTER TABLE " + request.table().quoted() + " ADD COLUMNS (" + added + ")");
        }
    }

    static long observed(Observation observation, String name) {
        try {
            return ((Number) observation.getAsJava().get(name)).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the write's row count", e);
        }
    }

    private static String definition(StructField field) {
        return quote(field.name()) + " " + field.dataType().sql();
    }

    /** Quotes a column name of a table or source as Spark SQL does; backticks inside are doubled. */
    static String quote(String column) {
        return '`' + column.replace("`", "``") + '`';
    }
}
