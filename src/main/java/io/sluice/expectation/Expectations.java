package io.sluice.expectation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import org.apache.spark.sql.execution.LogicalRDD;

import io.sluice.problem.InvalidRequestException;
import io.sluice.source.FilesSource;
import io.sluice.problem.InvalidRequestException.Violation;

/**
 * A run's rules applied to its rows. Each rule becomes a column saying whether the row fails it (a rule that is false or null
 * fails); the flagged rows are staged once ({@code localCheckpoint}) and counted in one aggregate, and the table's rows, the
 * quarantined ones and a failure's sample are all read from that stage, so the source is read once.
 */
public final class Expectations {

    private static final String FLAG = "__sluice_fails_";
    private static final int SAMPLE = 3;

    private Expectations() {
    }

    /** The rows after the rules: to write, to quarantine (with {@code _rule}), and what was counted. */
    public record Checked(Dataset<Row> kept, Dataset<Row> quarantined, ExpectationReport report, Dataset<Row> staged) {
    }

    /** Analyses the rules against the source's schema: unknown columns, type errors and non-boolean rules are 422s naming the rule. */
    public static void analyse(SparkSession session, StructType schema, List<Expectation> rules, String field) {
        Dataset<Row> empty = session.createDataFrame(List.of(), schema);
        List<Violation> problems = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Expectation rule = rules.get(i);
            try {
                Dataset<Row> analysed = empty.select(expr(rule.rule()).as("r"));
                if (!analysed.schema().fields()[0].dataType().equals(DataTypes.BooleanType)) {
                    problems.add(new Violation("%s[%d].rule".formatted(field, i), "expectation '%s' is %s, not a boolean: say what a good row satisfies"
                            .formatted(rule.name(), analysed.schema().fields()[0].dataType().simpleString())));
                } else if (!analysed.queryExecution().analyzed().expressions().forall(e -> e.deterministic())) {
                    problems.add(new Violation("%s[%d].rule".formatted(field, i), "expectation '%s' is not deterministic".formatted(rule.name())));
                }
            } catch (RuntimeException e) { // AnalysisException: unknown column, type mismatch...
                String message = e.getMessage() == null ? e.toString() : e.getMessage().strip().lines().findFirst().orElse("");
                problems.add(new Violation("%s[%d].rule".formatted(field, i), "expectation '%s': %s".formatted(rule.name(), message)));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /**
     * Flags, stages and counts the rows; throws {@link ExpectationsFailedException} when a fail rule fired (unless
     * {@code preview}: a dry run reports instead). The caller unpersists {@code staged} when done.
     */
    public static Checked check(Dataset<Row> data, RuleSet rules, String quarantineTable, long malformed, boolean preview) {
        String[] columns = data.columns();
        List<Expectation> list = rules.expectations();
        List<Column> flags = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            flags.add(not(coalesce(expr(list.get(i).rule()), lit(false))).as(FLAG + i));
        }
        List<Column> all = new ArrayList<>(Arrays.stream(columns).map(c -> col("`" + c.replace("`", "``") + "`")).toList());
        all.addAll(flags);
        Dataset<Row> staged = data.select(all.toArray(Column[]::new)).localCheckpoint(true);
        Column fails = any(list, ExpectationAction.FAIL);
        Column quarantines = any(list, ExpectationAction.QUARANTINE);
        Column drops = any(list, ExpectationAction.DROP);
        List<Column> counts = new ArrayList<>();
        counts.add(count(lit(1)));
        counts.add(count_if(quarantines.and(not(fails))));
        counts.add(count_if(drops.and(not(quarantines)).and(not(fails))));
        for (int i = 0; i < list.size(); i++) {
            counts.add(count_if(col(FLAG + i)));
        }
        Row counted = staged.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
        List<ExpectationReport.RuleCount> perRule = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            perRule.add(new ExpectationReport.RuleCount(list.get(i).name(), list.get(i).action(), counted.getLong(3 + i)));
        }
        ExpectationReport report = new ExpectationReport(quarantineTable, counted.getLong(2), counted.getLong(1) + malformed, malformed, perRule);
        Column[] source = Arrays.stream(columns).map(c -> col("`" + c.replace("`", "``") + "`")).toArray(Column[]::new);
        if (!preview && !report.fired(ExpectationAction.FAIL).isEmpty()) {
            List<String> sample = staged.filter(fails).select(source).limit(SAMPLE).collectAsList().stream().map(Row::json).toList();
            release(staged);
            throw new ExpectationsFailedException(report, counted.getLong(0), sample);
        }
        Column rule = lit(null).cast(DataTypes.StringType);
        for (int i = list.size() - 1; i >= 0; i--) { // the first quarantine rule the row fails names it
            if (list.get(i).action() == ExpectationAction.QUARANTINE) {
                rule = when(col(FLAG + i), lit(list.get(i).name())).otherwise(rule);
            }
        }
        List<Column> quarantinedColumns = new ArrayList<>(List.of(rule.as(Quarantine.RULE)));
        quarantinedColumns.addAll(List.of(source));
        Dataset<Row> quarantined = staged.filter(quarantines).select(quarantinedColumns.toArray(Column[]::new));
        Dataset<Row> kept = staged.filter(not(quarantines).and(not(drops))).select(source);
        return new Checked(kept, quarantined, report, staged);
    }

    /** Frees the blocks a {@code localCheckpoint} of {@code staged} holds. */
    public static void release(Dataset<Row> staged) {
        if (staged != null && staged.queryExecution().analyzed() instanceof LogicalRDD rows) {
            rows.rdd().unpersist(false);
        }
    }

    /** A read with malformed records ({@code badRecords: quarantine}) split: the good rows, and the malformed ones' text in {@code _raw}. */
    public record Malformed(Dataset<Row> good, Dataset<Row> malformed, long count) {

        /** {@code read} must be staged: Spark refuses a query on only the corrupt-record column of an unstaged read. */
        public static Malformed split(Dataset<Row> read) {
            Column bad = col(FilesSource.MALFORMED).isNotNull();
            Dataset<Row> malformed = read.filter(bad).select(col(FilesSource.MALFORMED).as(Quarantine.RAW));
            return new Malformed(read.filter(not(bad)).drop(FilesSource.MALFORMED), malformed, malformed.count());
        }
    }

    /** Whether the row fails any rule of {@code action}. */
    private static Column any(List<Expectation> rules, ExpectationAction action) {
        Column any = lit(false);
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).action() == action) {
                any = any.or(col(FLAG + i));
            }
        }
        return any;
    }

    /** The default quarantine table of a table: {@code <database>.<table>__quarantine}. */
    public static String defaultQuarantineTable(String table) {
        return table.toLowerCase(Locale.ROOT) + "__quarantine";
    }
}
