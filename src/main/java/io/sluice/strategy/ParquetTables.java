package io.sluice.strategy;

import static java.util.stream.Collectors.joining;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.CommandResultExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.command.DataWritingCommandExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.types.StructField;

import io.sluice.run.RunMetrics;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What Parquet catalog tables need that Delta does itself: columns matched by name for Spark's
 * position-matching INSERT, columns added under schemaPolicy add_columns, and metrics measured
 * exactly (Spark's own write metrics, or counts observed while writing) since there is no commit log.
 */
final class ParquetTables {

    private static final String SOURCE_VIEW = "sluice_source";

    private ParquetTables() {
    }

    /** Appends through Spark's INSERT, with the source's columns put in the table's order by name. */
    static WriteResult insert(WriteRequest request) {
        addColumns(request);
        SparkSession session = request.session();
        request.data().createOrReplaceTempView(SOURCE_VIEW);
        try {
            String columns = Arrays.stream(session.table(request.table().quoted()).schema().fieldNames())
                    .map(ParquetTables::quote).collect(joining(", "));
            Dataset<Row> done = session.sql("INSERT INTO " + request.table().quoted() + " SELECT " + columns + " FROM " + SOURCE_VIEW);
            // The command's own metrics, as the Spark UI shows them: rows, files and bytes written.
            Map<String, SQLMetric> metrics = writeMetrics(done.queryExecution().executedPlan());
            long rows = metrics.get("numOutputRows").value();
            return WriteResult.measured(new RunMetrics(rows, rows, 0L, 0L, metrics.get("numFiles").value(), 0L,
                    metrics.get("numOutputBytes").value(), null, List.of()));
        } finally {
            session.catalog().dropTempView(SOURCE_VIEW);
        }
    }

    /** The metrics of the plan's write command, wherever adaptive execution put it. */
    private static Map<String, SQLMetric> writeMetrics(SparkPlan plan) {
        if (plan instanceof DataWritingCommandExec write) {
            return CollectionConverters.asJava(write.metrics());
        }
        SparkPlan inner = plan instanceof CommandResultExec result ? result.commandPhysicalPlan()
                : plan instanceof AdaptiveSparkPlanExec adaptive ? adaptive.executedPlan()
                : plan instanceof QueryStageExec stage ? stage.plan() : null;
        if (inner != null) {
            return writeMetrics(inner);
        }
        for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
            Map<String, SQLMetric> found = writeMetrics(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A table this run created: every row and file is new. */
    static WriteResult created(WriteRequest request, Observation observed) {
        long rows = observed(observed, "rows");
        FileStats files = FileStats.of(request.session(), request.session().table(request.table().quoted()).inputFiles());
        return WriteResult.measured(new RunMetrics(rows, rows, 0L, 0L, files.files(), 0L, files.bytes(), null, List.of()));
    }

    /**
     * schemaPolicy add_columns: the source's new columns join the table (existing files read them as
     * null). Parquet has no transaction to add them in, so callers do it just before their commit.
     */
    static void addColumns(WriteRequest request) {
        Set<String> existing = Arrays.stream(request.before().orElseThrow().schema().fieldNames())
                .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        String added = Arrays.stream(request.data().schema().fields())
                .filter(field -> !existing.contains(field.name().toLowerCase(Locale.ROOT)))
                .map(ParquetTables::definition).collect(joining(", "));
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
