package io.sluice.run.lineage;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.DatasetFacets;
import io.openlineage.client.OpenLineage.DatasetFacetsBuilder;
import io.openlineage.client.OpenLineage.InputDataset;
import io.openlineage.client.OpenLineage.OutputDataset;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineage.SchemaDatasetFacetFields;
import io.openlineage.client.utils.DatasetIdentifier;
import io.sluice.run.Run;
import io.sluice.run.RunPlan;
import io.sluice.run.RunStatus;
import io.sluice.source.JdbcSource;
import io.sluice.table.TableState;
import io.sluice.web.EnumNames;
import io.sluice.write.RunMetrics;

/**
 * A run's OpenLineage events: START when it is RUNNING, then COMPLETE, FAIL (with the error) or ABORT (cancelled). The
 * job is {@code <table>.<kind>} in the configured namespace; the output is the table, at the end with its schema after
 * the write, its version and the run's counts.
 */
final class LineageEvents {

    private final OpenLineage openLineage;
    private final String namespace;

    LineageEvents(URI producer, String namespace) {
        this.openLineage = new OpenLineage(producer);
        this.namespace = namespace;
    }

    /** The table and what the run does to it: {@code demo.events.merge}, {@code demo.events.restore}, {@code demo.events.vacuum}. */
    static String jobName(RunPlan plan) {
        return plan.table() + "." + EnumNames.of(plan.kind());
    }

    RunEvent started(RunPlan plan, ZonedDateTime at, List<DatasetIdentifier> inputs, DatasetIdentifier output) {
        return event(EventType.START, at, plan, openLineage.newRunFacetsBuilder().build(), inputs, output(output, null, null));
    }

    /** The end of a run: {@code table} is the table after it (null if it could not be read, or does not exist). */
    RunEvent ended(RunPlan plan, Run run, List<DatasetIdentifier> inputs, DatasetIdentifier output, TableState table) {
        EventType type = run.status() == RunStatus.SUCCEEDED ? EventType.COMPLETE
                : run.status() == RunStatus.CANCELLED ? EventType.ABORT : EventType.FAIL;
        OpenLineage.RunFacetsBuilder facets = openLineage.newRunFacetsBuilder();
        if (type == EventType.FAIL && run.error() != null) {
            facets.errorMessage(openLineage.newErrorMessageRunFacet(run.error().code() + ": " + run.error().message(), "Java", null));
        }
        ZonedDateTime at = (run.finishedAt() != null ? run.finishedAt() : run.createdAt()).toZonedDateTime();
        return event(type, at, plan, facets.build(), inputs, output(output, type == EventType.COMPLETE ? run : null, table));
    }

    private RunEvent event(EventType type, ZonedDateTime at, RunPlan plan, OpenLineage.RunFacets runFacets, List<DatasetIdentifier> inputs,
            OutputDataset output) {
        OpenLineage.JobFacetsBuilder job = openLineage.newJobFacetsBuilder()
                .jobType(openLineage.newJobTypeJobFacet("BATCH", "SLUICE", plan.kind().name(), null));
        if (plan.source() instanceof JdbcSource jdbc && jdbc.query() != null) {
            job.sql(openLineage.newSQLJobFacet(jdbc.query(), null));
        }
        Optional<StructType> declared = plan.source() == null ? Optional.empty() : plan.source().declaredSchema();
        List<InputDataset> in = new ArrayList<>();
        for (DatasetIdentifier input : inputs) {
            // the source's schema, where the request states it; a table read (restore, compaction, parameters) has no such
            boolean source = plan.source() != null && in.isEmpty();
            in.add(openLineage.newInputDatasetBuilder().namespace(input.getNamespace()).name(input.getName())
                    .facets(facets(input, source ? declared.orElse(null) : null).build()).build());
        }
        return openLineage.newRunEventBuilder()
                .eventType(type)
                .eventTime(at)
                .run(openLineage.newRun(plan.id(), runFacets))
                .job(openLineage.newJob(namespace, jobName(plan), job.build()))
                .inputs(in)
                .outputs(List.of(output))
                .build();
    }

    private OutputDataset output(DatasetIdentifier output, Run completed, TableState table) {
        DatasetFacetsBuilder facets = facets(output, table == null ? null : table.schema());
        OpenLineage.OutputDatasetBuilder dataset = openLineage.newOutputDatasetBuilder().namespace(output.getNamespace()).name(output.getName());
        if (completed != null) {
            if (completed.tableVersionAfter() != null) {
                facets.version(openLineage.newDatasetVersionDatasetFacet(String.valueOf(completed.tableVersionAfter())));
            }
            RunMetrics metrics = completed.metrics();
            if (metrics.rowsOutput() != null || metrics.bytesAdded() != null || metrics.filesAdded() != null) {
                dataset.outputFacets(openLineage.newOutputDatasetOutputFacetsBuilder()
                        .outputStatistics(openLineage.newOutputStatisticsOutputDatasetFacet(metrics.rowsOutput(), metrics.bytesAdded(),
                                metrics.filesAdded()))
                        .build());
            }
        }
        return dataset.facets(facets.build()).build();
    }

    private DatasetFacetsBuilder facets(DatasetIdentifier dataset, StructType schema) {
        DatasetFacetsBuilder facets = openLineage.newDatasetFacetsBuilder();
        if (!dataset.getSymlinks().isEmpty()) {
            facets.symlinks(openLineage.newSymlinksDatasetFacet(dataset.getSymlinks().stream()
                    .map(link -> openLineage.newSymlinksDatasetFacetIdentifiers(link.getNamespace(), link.getName(), link.getType().name()))
                    .toList()));
        }
        if (schema != null) {
            facets.schema(openLineage.newSchemaDatasetFacet(fields(schema)));
        }
        return facets;
    }

    /** Columns as the request's DDL names their types (BIGINT, DECIMAL(10,2)); a struct's fields nested. */
    private List<SchemaDatasetFacetFields> fields(StructType schema) {
        List<SchemaDatasetFacetFields> fields = new ArrayList<>();
        for (StructField field : schema.fields()) {
            List<SchemaDatasetFacetFields> nested = field.dataType() instanceof StructType struct ? fields(struct) : null;
            String comment = field.getComment().isDefined() ? field.getComment().get() : null;
            fields.add(openLineage.newSchemaDatasetFacetFields(field.name(), field.dataType().sql().toUpperCase(Locale.ROOT), comment, null,
                    nested));
        }
        return fields;
    }
}
