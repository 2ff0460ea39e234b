package io.sluice.run.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Component;

import io.sluice.expectation.ExpectationAction;
import io.sluice.expectation.ExpectationReport;
import io.sluice.expectation.Expectations;
import io.sluice.loadedfiles.FilePlan;
import io.sluice.web.EnumNames;
import io.sluice.problem.InvalidRequestException;
import io.sluice.source.HttpSource;
import io.sluice.source.ReadContext;
import io.sluice.source.SourceContext;
import io.sluice.write.Checkpoint;
import io.sluice.write.DuplicatePolicy;
import io.sluice.strategy.StrategyName;
import io.sluice.write.WriteOptions;
import io.sluice.write.SchemaPolicy;
import io.sluice.strategy.SourceDuplicates;
import io.sluice.write.WriteRequest;
import io.sluice.strategy.WriteStrategy.Explanation;
import io.sluice.table.DeltaProtocol;
import io.sluice.format.TableCatalog;
import io.sluice.table.TableState;
import io.sluice.format.Formats;
import io.sluice.run.RunPreview;
import io.sluice.run.RunPlan;
import io.sluice.source.FileListing;
import io.sluice.source.FilesSource;

/**
 * Plans a run without executing it: reads the source on a session of its own and reports what the
 * run would find and do, through the same alignment, duplicate and strategy code the run uses.
 */
@Component
public class DryRun {

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final SourceContext sources;
    private final Formats formats;
    private final IncrementalFiles incrementalFiles;

    DryRun(SparkSession spark, TableCatalog catalog, SourceContext sources, Formats formats, IncrementalFiles incrementalFiles) {
        this.incrementalFiles = incrementalFiles;
        this.spark = spark;
        this.catalog = catalog;
        this.sources = sources;
        this.formats = formats;
    }

    /** What the run would read: for an incremental files source, only the files the table has not loaded (none: no rows). */
    private record Read(Dataset<Row> rows, FilePlan files) {
    }

    private Read read(RunPlan plan, SparkSession session, Optional<TableState> table) {
        ReadContext read = ReadContext.preview(session, sources);
        if (plan.source() instanceof FilesSource files && files.isIncremental()) {
            IncrementalFiles.Choice choice = incrementalFiles.preview(plan, files, read);
            FilePlan filePlan = FilePlan.of(choice.load(), choice.chosen());
            if (choice.read().isEmpty() && table.isPresent()) {
                return new Read(session.createDataFrame(List.of(), table.get().schema()), filePlan);
            }
            return new Read(choice.read().map(selection -> files.read(read, selection)).orElseGet(() -> files.read(read)), filePlan);
        }
        return new Read(plan.source().read(read), null);
    }

    public RunPreview explain(RunPlan plan) {
        SparkSession session = spark.newSession();
        Optional<TableState> table = catalog.state(session, plan.table());
        InvalidRequestException.check(!(plan.source() instanceof HttpSource), "dryRun",
                "a dry run does not call APIs: run the pull, then dry-run a staging source of its batch");
        Read found = read(plan, session, table);
        Dataset<Row> staged = RunExpectations.readsBadRecords(plan) ? found.rows().localCheckpoint(true) : null;
        try {
            return explain(plan, session, table, staged != null ? staged : found.rows(), found.files());
        } finally {
            Expectations.release(staged);
        }
    }

    private RunPreview explain(RunPlan plan, SparkSession session, Optional<TableState> table, Dataset<Row> read, FilePlan files) {
        Expectations.Malformed malformed = RunExpectations.malformed(plan, read);
        Dataset<Row> data = malformed != null ? malformed.good() : read;
        WriteOptions strict = plan.options().withSchemaPolicy(SchemaPolicy.FAIL);
        List<String> differences = table.map(t -> plan.strategy().refused(data.schema(), t, strict)).orElse(List.of());
        List<String> problems = new ArrayList<>(table.map(t -> plan.strategy().refused(data.schema(), t, plan.options())).orElse(List.of()));
        SourceDuplicates.Repeated repeated = SourceDuplicates.find(data, plan.options());
        if (repeated.keys() > 0 && plan.options().duplicates() == DuplicatePolicy.FAIL) {
            problems.add(repeated.keys() + " key(s) occur more than once in the source");
        }
        Long dropped = null;
        Explanation explanation = Explanation.NOTHING;
        ExpectationReport expectations = null;
        if (problems.isEmpty()) {
            Dataset<Row> aligned = table.map(t -> plan.strategy().align(data, t, plan.options())).orElse(data);
            Expectations.Checked checked = null;
            if (!plan.expectations().isEmpty() || malformed != null) {
                checked = expectations(plan, session, aligned, malformed, problems);
                expectations = checked.report();
                aligned = checked.kept();
            }
            SourceDuplicates.Result deduplicated = SourceDuplicates.apply(aligned, plan.options());
            dropped = deduplicated.dropped();
            if (table.isPresent() || plan.strategy().name() == StrategyName.APPLY_CHANGES) {
                explanation = plan.strategy().explain(new WriteRequest(plan.id(), session, plan.table(), table, plan.partitionBy(),
                        deduplicated.data(), plan.options(), Map.of(), Checkpoint.NONE));
            }
            if (checked != null) {
                Expectations.release(checked.staged());
            }
        }
        DeltaProtocol protocol = table.isPresent() ? table.get().protocol()
                : formats.of(plan.formatForNewTable()).newTableProtocol(session, data.schema(), plan.partitionBy());
        return new RunPreview(plan.table().toString(), EnumNames.of(plan.strategy().name()), table.isPresent(),
                table.map(TableState::version).orElse(null), protocol, data.count(), repeated.keys(), repeated.sample(), dropped, differences,
                explanation.partitionsReplaced(), explanation.mergeCondition(), problems, explanation.changes(), expectations, files);
    }

    /** The rules' counts over the aligned rows; a fail rule that fires is a problem the run would have. */
    private static Expectations.Checked expectations(RunPlan plan, SparkSession session, Dataset<Row> aligned,
            Expectations.Malformed malformed, List<String> problems) {
        long malformedCount = malformed == null ? 0 : malformed.count();
        if (plan.expectations().isEmpty()) {
            return new Expectations.Checked(aligned, null, new ExpectationReport(plan.expectations().quarantineTable(), 0, malformedCount,
                    malformedCount, List.of()), null);
        }
        Expectations.analyse(session, aligned.schema(), plan.expectations().expectations(), "expectations");
        Expectations.Checked checked = Expectations.check(aligned, plan.expectations(), plan.expectations().quarantineTable(),
                malformedCount, true);
        checked.report().fired(ExpectationAction.FAIL).forEach(rule -> problems.add(
                "expectation '%s' (fail) fails for %d row(s)".formatted(rule.name(), rule.failed())));
        return checked;
    }
}
