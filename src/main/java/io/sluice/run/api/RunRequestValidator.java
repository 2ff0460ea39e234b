package io.sluice.run.api;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.springframework.stereotype.Component;

import io.sluice.expectation.RuleSet;
import io.sluice.expectation.RuleSetValidator;
import io.sluice.expectation.TableRuleSets;
import io.sluice.problem.ConflictException;
import io.sluice.web.EnumNames;
import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.source.ColumnText;
import io.sluice.source.FilesSource;
import io.sluice.source.InlineSource;
import io.sluice.source.RowCondition;
import io.sluice.write.SchemaPolicy;
import io.sluice.source.SourceContext;
import io.sluice.write.DuplicatePolicy;
import io.sluice.write.MergeActions.WhenNotMatched;
import io.sluice.strategy.SchemaMismatchException;
import io.sluice.strategy.Strategies;
import io.sluice.strategy.StrategyName;
import io.sluice.write.WriteOptions;
import io.sluice.strategy.WriteStrategy;
import io.sluice.table.Identifiers;
import io.sluice.format.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.WritableTables;
import io.sluice.table.TableState;
import io.sluice.watermark.WatermarkSpec;
import io.sluice.watermark.Watermarks;
import io.sluice.run.TableShape;
import io.sluice.run.execution.TableExpectations;
import io.sluice.run.execution.RunScheduler;
import io.sluice.run.RunPlan;
import io.sluice.run.callback.Callbacks;

/**
 * Turns a request into a {@link RunPlan} or a 422 listing everything that is wrong with it. A table that
 * does not exist yet but that an earlier queued run creates is checked as that run will leave it.
 */
@Component
class RunRequestValidator {

    private final Strategies strategies;
    private final SourceContext sources;
    private final TableCatalog catalog;
    private final SparkSession spark;
    private final WritableTables writable;
    private final RunScheduler scheduler;
    private final Watermarks watermarks;
    private final Callbacks callbacks;
    private final TableRuleSets ruleSets;
    private final RuleSetValidator rules;

    RunRequestValidator(Strategies strategies, SourceContext sources, TableCatalog catalog, SparkSession spark, WritableTables writable,
            RunScheduler scheduler, Watermarks watermarks, Callbacks callbacks, TableRuleSets ruleSets, RuleSetValidator rules) {
        this.callbacks = callbacks;
        this.ruleSets = ruleSets;
        this.rules = rules;
        this.writable = writable;
        this.scheduler = scheduler;
        this.watermarks = watermarks;
        this.strategies = strategies;
        this.sources = sources;
        this.catalog = catalog;
        this.spark = spark;
    }

    /** Restores and rollbacks write too. */
    void checkWritable(TableName table) {
        writable.check("table", table);
    }

    RunPlan plan(RunRequest request) {
        return plan(request, true);
    }

    /** {@code checkSourceContents}: refuse inline duplicates and declared-schema differences now (a dry run reports them instead). */
    RunPlan plan(RunRequest request, boolean checkSourceContents) {
        List<Violation> violations = new ArrayList<>();
        TableName table = collect(violations, () -> {
            TableName parsed = TableName.parse("table", request.table());
            writable.check("table", parsed);
            return parsed;
        });
        WriteStrategy strategy = collect(violations, () -> strategies.find(request.strategy()).orElseThrow(() ->
                InvalidRequestException.of("strategy", "strategy '%s' is not available in this version; available: %s",
                        EnumNames.of(request.strategy()), strategies.implemented().stream().map(EnumNames::of).toList())));
        collect(violations, () -> {
            request.source().validate(sources);
            return null;
        });
        collect(violations, () -> {
            checkPartitionColumns(request);
            return null;
        });
        WriteOptions options = request.options();
        collect(violations, () -> {
            checkOptionColumns(request, options);
            return null;
        });
        if (request.callback() != null) {
            collect(violations, () -> {
                callbacks.check(request.callback());
                return null;
            });
        }
        if (options.changes() != null) {
            collect(violations, () -> {
                checkChanges(request, options);
                return null;
            });
        }
        if (!violations.isEmpty()) { // distinct: several checks read the source's schema, and each meets a bad one
            throw new InvalidRequestException(violations.stream().distinct().toList());
        }
        // the queue before the catalog: a create that ends in between has committed by the time the catalog is read
        Optional<RunPlan> creator = scheduler.creator(table);
        Optional<TableState> existing = catalog.state(spark, table);
        TableShape shape = existing.map(TableShape::of).or(() -> creator.map(TableShape::createdBy))
                .orElseGet(() -> new TableShape(TableFormat.forNewTable(request.format()), request.partitionBy(), null));
        boolean willExist = existing.isPresent() || shape.createdBy() != null;
        if (willExist) {
            TableExpectations.check(request.format(), request.partitionBy(), table, shape);
        }
        strategy.check(options, shape.partitionBy());
        InvalidRequestException.check(willExist || options.whenNotMatched() == WhenNotMatched.INSERT, "whenNotMatched",
                "whenNotMatched ignore inserts nothing, and table %s does not exist yet: load it first", table);
        WatermarkSpec watermark = checkWatermark(table, request, existing);
        if (checkSourceContents && existing.isPresent() && request.source().declaredSchema().isPresent()) {
            List<String> refused = strategy.refused(request.source().declaredSchema().get(), existing.get(), options);
            if (!refused.isEmpty()) {
                throw new SchemaMismatchException(refused);
            }
        }
        if (checkSourceContents && request.source() instanceof InlineSource inline) {
            inline.checkDuplicates(options); // small and in memory: refuse now rather than fail the run
            if (options.changes() != null) {
                checkKeysPresent(inline, options.keys());
            }
        }
        return new RunPlan(UUID.randomUUID(), table, strategy, request.format(), request.partitionBy(), request.source(), options,
                watermark, request.idempotencyKey(), null, null, shape, expectations(request, table, existing, options));
    }

    /**
     * The table's rules with the request's, checked against the columns the rows will have when they are checked (after the
     * schema alignment: the table's, and under add_columns the source's new ones; a new table's: the declared ones), where
     * those are known now; the quarantine table resolved.
     */
    private RuleSet expectations(RunRequest request, TableName table, Optional<TableState> existing, WriteOptions options) {
        RuleSet merged = ruleSets.of(table.toString()).with(request.expectations(), request.quarantineTable());
        boolean badRecords = request.source() instanceof FilesSource files && files.quarantinesBadRecords();
        if (merged.isEmpty() && !badRecords) {
            return RuleSet.NONE;
        }
        Optional<StructType> declared = request.source().declaredSchema();
        StructType columns = existing.map(t -> {
            StructType schema = t.schema();
            if (options.schemaPolicy() == SchemaPolicy.ADD_COLUMNS && declared.isPresent()) {
                Set<String> known = Arrays.stream(schema.fieldNames()).map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
                for (var field : declared.get().fields()) {
                    schema = known.contains(field.name().toLowerCase(Locale.ROOT)) ? schema : schema.add(field);
                }
            }
            return schema;
        }).or(() -> declared).orElse(null);
        rules.check("expectations", merged, table, columns);
        return new RuleSet(merged.expectations(), rules.quarantineTable(merged, table).toString());
    }

    /** Option columns follow the identifier grammar and, where the source declares a schema, exist in it. */
    private static void checkOptionColumns(RunRequest request, WriteOptions options) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("keys", options.keys());
        lists.put("updateColumns", options.updateColumns());
        lists.put("excludeColumns", options.excludeColumns());
        lists.put("orderBy", options.orderBy());
        if (options.changes() != null) {
            lists.put("sequenceBy", options.changes().sequenceBy());
            lists.put("exceptColumns", options.changes().exceptColumns());
        }
        Set<String> schema = request.source().declaredSchema()
                .map(s -> Arrays.stream(s.fieldNames()).map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()))
                .orElse(null);
        lists.forEach((field, columns) -> columns.forEach(column -> {
            Identifiers.column(field, column);
            InvalidRequestException.check(schema == null || schema.contains(column.toLowerCase(Locale.ROOT)), field,
                    "column '%s' is not in the source schema", column);
        }));
        InvalidRequestException.check(options.duplicates() != DuplicatePolicy.KEEP_LATEST
                || (!options.keys().isEmpty() && !options.orderBy().isEmpty()), "duplicates",
                "keep_latest needs keys and orderBy (the columns that say which row is the latest)");
        WatermarkSpec watermark = request.watermark();
        if (watermark != null) {
            InvalidRequestException.check(watermark.column() != null, "watermark.column", "a watermark needs its cursor column");
            Identifiers.column("watermark.column", watermark.column());
            InvalidRequestException.check(schema == null || schema.contains(watermark.column().toLowerCase(Locale.ROOT)),
                    "watermark.column", "column '%s' is not in the source schema", watermark.column());
            InvalidRequestException.check(watermark.name() == null || Identifiers.isValid(watermark.name()), "watermark.name",
                    "a watermark name uses letters, digits and underscores (at most 128)");
            InvalidRequestException.check(!watermark.isInclusive() || !options.keys().isEmpty(), "watermark.inclusive",
                    "an inclusive watermark needs keys: rows at the boundary are told apart from those already loaded by key");
        }
    }

    /**
     * The change-data-capture fields belong to apply_changes, and the history column names to history; deleteWhen is a
     * condition over the source's row (resolved against its declared schema, when it has one: boolean, every column known).
     */
    private void checkChanges(RunRequest request, WriteOptions options) {
        List<String> given = request.changeFields().entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
        InvalidRequestException.check(request.strategy() == StrategyName.APPLY_CHANGES, "strategy", "%s are apply_changes options, not %s",
                given, EnumNames.of(request.strategy()));
        InvalidRequestException.check(Boolean.TRUE.equals(request.history())
                || (request.validFrom() == null && request.validTo() == null && request.current() == null), "history",
                "validFrom, validTo and current name history's columns: give history: true, or leave them out");
        String deleteWhen = options.changes().deleteWhen();
        if (deleteWhen == null) {
            return;
        }
        Optional<StructType> schema = request.source().declaredSchema();
        List<String> problems = RowCondition.problems(spark.sessionState().sqlParser(), deleteWhen,
                schema.map(declared -> new HashSet<>(Arrays.asList(declared.fieldNames()))).orElse(null));
        InvalidRequestException.check(problems.isEmpty(), "deleteWhen", "%s", String.join("; ", problems));
        if (schema.isPresent()) {
            try {
                spark.createDataFrame(List.<org.apache.spark.sql.Row>of(), schema.get()).where(deleteWhen).queryExecution().assertAnalyzed();
            } catch (Exception e) { // AnalysisException, checked in Java's eyes and undeclared in Scala's
                if (!(e instanceof AnalysisException)) {
                    throw e;
                }
                throw InvalidRequestException.of("deleteWhen", "%s", e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse("not a condition"));
            }
        }
    }

    /** A change event without its key cannot change a row: refused on submit for rows in the body. */
    private static void checkKeysPresent(InlineSource inline, List<String> keys) {
        if (inline.rows() == null) {
            return;
        }
        for (int i = 0; i < inline.rows().size(); i++) {
            Map<String, Object> row = inline.rows().get(i);
            for (String key : keys) {
                InvalidRequestException.check(row != null && row.get(key) != null, "source.rows[" + i + "]." + key,
                        "apply_changes needs every key: this event's '%s' is null", key);
            }
        }
    }

    /**
     * A watermark's {@code initial} is a value of its column's type (the source's declared one, else the table's;
     * neither is known before a database or API source first loads a new table), and a stored watermark of that
     * name stays on its column. Answers the spec with its initial in canonical form, which a rollback may store.
     */
    private WatermarkSpec checkWatermark(TableName table, RunRequest request, Optional<TableState> existing) {
        WatermarkSpec watermark = request.watermark();
        if (watermark == null) {
            return null;
        }
        watermarks.find(table.toString(), watermark.effectiveName())
                .filter(stored -> !stored.column().equalsIgnoreCase(watermark.column()))
                .ifPresent(stored -> {
                    throw new ConflictException(("watermark '%s' of table %s is on column '%s', not '%s': DELETE it first to start one"
                            + " on '%s', or give this one another name").formatted(stored.name(), table, stored.column(),
                                    watermark.column(), watermark.column()));
                });
        if (watermark.initial() == null) {
            return watermark;
        }
        ZoneId zone = ZoneId.of(spark.sessionState().conf().sessionLocalTimeZone());
        return request.source().declaredSchema().or(() -> existing.map(TableState::schema))
                .flatMap(schema -> Arrays.stream(schema.fields()).filter(f -> f.name().equalsIgnoreCase(watermark.column())).findFirst())
                .map(column -> new WatermarkSpec(watermark.column(),
                        ColumnText.canonical("watermark.initial", watermark.initial(), column.dataType(), zone), watermark.inclusive(),
                        watermark.name()))
                .orElse(watermark);
    }

    private static void checkPartitionColumns(RunRequest request) {
        Set<String> seen = new HashSet<>();
        for (String column : request.partitionBy()) {
            Identifiers.column("partitionBy", column);
            InvalidRequestException.check(seen.add(column.toLowerCase(Locale.ROOT)), "partitionBy",
                    "column '%s' appears twice", column);
        }
        StructType schema = request.source().declaredSchema().orElse(null);
        if (schema == null || request.partitionBy().isEmpty()) {
            return;
        }
        Set<String> columns = new HashSet<>();
        for (String name : schema.fieldNames()) {
            columns.add(name.toLowerCase(Locale.ROOT));
        }
        for (String column : request.partitionBy()) {
            InvalidRequestException.check(columns.contains(column.toLowerCase(Locale.ROOT)), "partitionBy",
                    "partition column '%s' is not in the source schema %s", column, List.of(schema.fieldNames()));
        }
        InvalidRequestException.check(seen.size() < columns.size(), "partitionBy",
                "a table needs at least one column that is not a partition column");
    }

    private static <T> T collect(List<Violation> violations, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidRequestException e) {
            violations.addAll(e.violations());
            return null;
        }
    }
}
