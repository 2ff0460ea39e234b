package io.sluice.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Component;

import io.sluice.api.EnumNames;
import io.sluice.api.InvalidRequestException;
import io.sluice.source.HttpSource;
import io.sluice.source.ReadContext;
import io.sluice.source.SourceContext;
import io.sluice.strategy.Checkpoint;
import io.sluice.strategy.DuplicatePolicy;
import io.sluice.strategy.SchemaAlignment;
import io.sluice.strategy.SchemaPolicy;
import io.sluice.strategy.SourceDuplicates;
import io.sluice.strategy.WriteRequest;
import io.sluice.strategy.WriteStrategy.Explanation;
import io.sluice.table.DeltaProtocol;
import io.sluice.table.NewDeltaTables;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableState;

/**
 * Plans a run without executing it: reads the source on a session of its own and reports what the
 * run would find and do, through the same alignment, duplicate and strategy code the run uses.
 */
@Component
class DryRun {

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final SourceContext sources;
    private final NewDeltaTables newTables;

    DryRun(SparkSession spark, TableCatalog catalog, SourceContext sources, NewDeltaTables newTables) {
        this.spark = spark;
        this.catalog = catalog;
        this.sources = sources;
        this.newTables = newTables;
    }

    RunPreview explain(RunPlan plan) {
        SparkSession session = spark.newSession();
        Optional<TableState> table = catalog.state(session, plan.table());
        InvalidRequestException.check(!(plan.source() instanceof HttpSource), "dryRun",
                "a dry run does not call APIs: run the pull, then dry-run a staging source of its batch");
        Dataset<Row> data = plan.source().read(ReadContext.preview(session, sources));
        SchemaPolicy policy = plan.options().schemaPolicy();
        List<String> differences = table.map(t -> SchemaAlignment.refused(data.schema(), t.schema(), t.partitionBy(), SchemaPolicy.FAIL))
                .orElse(List.of());
        List<String> problems = new ArrayList<>(table.map(t -> SchemaAlignment.refused(data.schema(), t.schema(), t.partitionBy(), policy))
                .orElse(List.of()));
        SourceDuplicates.Repeated repeated = SourceDuplicates.find(data, plan.options());
        if (repeated.keys() > 0 && plan.options().duplicates() == DuplicatePolicy.FAIL) {
            problems.add(repeated.keys() + " key(s) occur more than once in the source");
        }
        Long dropped = null;
        Explanation explanation = Explanation.NOTHING;
        if (problems.isEmpty()) {
            Dataset<Row> aligned = table.map(t -> SchemaAlignment.align(data, t.schema(), t.partitionBy(), policy).data()).orElse(data);
            SourceDuplicates.Result deduplicated = SourceDuplicates.apply(aligned, plan.options());
            dropped = deduplicated.dropped();
            if (table.isPresent()) {
                explanation = plan.strategy().explain(new WriteRequest(plan.id(), session, plan.table(), table,
                        plan.formatForNewTable(), plan.partitionBy(), deduplicated.data(), plan.options(), Map.of(), Checkpoint.NONE));
            }
        }
        DeltaProtocol protocol = table.isPresent() ? table.get().protocol()
                : plan.formatForNewTable() == TableFormat.DELTA ? newTables.protocol(session, data.schema(), plan.partitionBy()) : null;
        return new RunPreview(plan.table().toString(), EnumNames.of(plan.strategy().name()), table.isPresent(),
                table.map(TableState::version).orElse(null), protocol, data.count(), repeated.keys(), repeated.sample(), dropped, differences,
                explanation.partitionsReplaced(), explanation.mergeCondition(), problems);
    }
}
