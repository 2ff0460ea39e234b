package io.sluice.run.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Constructor;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import io.sluice.problem.ConflictException;
import io.sluice.expectation.RuleSet;
import io.sluice.expectation.RuleSetValidator;
import io.sluice.expectation.TableRuleSets;
import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.source.InlineSource;
import io.sluice.source.SourceContext;
import io.sluice.source.SourceProperties;
import io.sluice.strategy.DuplicateKeysException;
import io.sluice.write.DuplicatePolicy;
import io.sluice.write.MergeActions.WhenNotMatched;
import io.sluice.strategy.SchemaMismatchException;
import io.sluice.strategy.Strategies;
import io.sluice.strategy.StrategyName;
import io.sluice.write.WriteOptions;
import io.sluice.format.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.table.TablesProperties;
import io.sluice.table.WritableTables;
import io.sluice.watermark.Watermark;
import io.sluice.watermark.WatermarkSpec;
import io.sluice.watermark.Watermarks;
import io.sluice.run.TableShape;
import io.sluice.run.execution.RunScheduler;
import io.sluice.run.RunPlan;
import io.sluice.run.RunKind;

/**
 * What a submitted request is checked against before it is queued: its own fields, the table as it exists or as an
 * earlier queued run will create it, and the stored watermarks. The strategies are the real ones; the catalog, the
 * queue and the watermark store answer what each test gives them.
 */
class RunRequestValidatorTests {

    static final TableName EVENTS = new TableName("demo", "events");
    static final String SCHEMA = "id BIGINT, day DATE, updated_at TIMESTAMP";
    static final InlineSource ROWS = new InlineSource(SCHEMA, List.of(Map.of("id", 1, "day", "2024-08-01")));

    final TableCatalog catalog = mock(TableCatalog.class);
    final RunScheduler scheduler = mock(RunScheduler.class);
    final Watermarks watermarks = mock(Watermarks.class);
    final TableRuleSets ruleSets = mock(TableRuleSets.class);

    {
        when(ruleSets.of(any())).thenReturn(RuleSet.NONE);
    }
    final SparkSession spark = mock(SparkSession.class, RETURNS_DEEP_STUBS);

    RunRequestValidator validator(List<String> writableDatabases) {
        return new RunRequestValidator(strategies(), new SourceContext(null, new SourceProperties(null, new SourceProperties.Inline(100),
                null, null)), catalog, spark, new WritableTables(new TablesProperties(writableDatabases, null)), scheduler, watermarks, null,
                ruleSets, mock(RuleSetValidator.class));
    }

    final RunRequestValidator validator = validator(List.of());

    /** The real strategies: their constructor is the strategy package's own, and Spring calls it by reflection too. */
    static Strategies strategies() {
        try {
            Constructor<Strategies> constructor = Strategies.class.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request with the defaults of a JSON body that leaves everything optional out. */
    record Request(String table, StrategyName strategy, TableFormat format, List<String> partitionBy, InlineSource source,
            List<String> keys, WhenNotMatched whenNotMatched, DuplicatePolicy duplicates, List<String> orderBy, WatermarkSpec watermark) {

        static Request append() {
            return new Request("demo.events", StrategyName.APPEND, null, List.of(), ROWS, List.of(), null, null, List.of(), null);
        }

        Request table(String table) {
            return new Request(table, strategy, format, partitionBy, source, keys, whenNotMatched, duplicates, orderBy, watermark);
        }

        Request strategy(StrategyName strategy) {
            return new Request(table, strategy, format, partitionBy, source, keys, whenNotMatched, duplicates, orderBy, watermark);
        }

        Request format(TableFormat format) {
            return new Request(table, strategy, format, partitionBy, source, keys, whenNotMatched, duplicates, orderBy, watermark);
        }

        Request partitionBy(String... partitionBy) {
            return new Request(table, strategy, format, List.of(partitionBy), source, keys, whenNotMatched, duplicates, orderBy, watermark);
        }

        Request source(InlineSource source) {
            return new Request(table, strategy, format, partitionBy, source, keys, whenNotMatched, duplicates, orderBy, watermark);
        }

        Request keys(String... keys) {
            return new Request(table, strategy, format, partitionBy, source, List.of(keys), whenNotMatched, duplicates, orderBy, watermark);
        }

        Request whenNotMatched(WhenNotMatched whenNotMatched) {
            return new Request(table, strategy, format, partitionBy, source, keys, whenNotMatched, duplicates, orderBy, watermark);
        }

        Request duplicates(DuplicatePolicy duplicates) {
            return new Request(table, strategy, format, partitionBy, source, keys, whenNotMatched, duplicates, orderBy, watermark);
        }

        Request watermark(WatermarkSpec watermark) {
            return new Request(table, strategy, format, partitionBy, source, keys, whenNotMatched, duplicates, orderBy, watermark);
        }

        RunRequest build() {
            return new RunRequest(table, strategy, format, partitionBy, source, keys, null, null, null, whenNotMatched, null, null,
                    duplicates, orderBy, null, watermark, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    static TableState existing(TableFormat format, String schema, String... partitionBy) {
        return new TableState(EVENTS, format, List.of(partitionBy), "/warehouse/demo.db/events", StructType.fromDDL(schema), 4L, null);
    }

    static void assertViolations(Runnable check, Violation... violations) {
        assertThatThrownBy(check::run).isExactlyInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).violations()).containsExactly(violations));
    }

    @Test
    void shouldPlanAnAppendIntoANewDeltaTableShapedByTheRequest() {
        RunRequest request = Request.append().partitionBy("day").build();

        RunPlan plan = validator.plan(request);

        assertThat(plan.table()).isEqualTo(EVENTS);
        assertThat(plan.kind()).isEqualTo(RunKind.APPEND);
        assertThat(plan.shape()).isEqualTo(new TableShape(TableFormat.DELTA, List.of("day"), null));
        assertThat(plan.requestedFormat()).isNull();
        assertThat(plan.options()).isEqualTo(WriteOptions.NONE);
        assertThat(plan.source()).isSameAs(ROWS);
        assertThat(plan.watermark()).isNull();
    }

    @Test
    void shouldListEveryViolationOfTheRequestAtOnce() {
        RunRequest request = Request.append().table("events").partitionBy("day", "DAY").keys("nope").build();

        assertViolations(() -> validator.plan(request),
                new Violation("table", "'events' is not a valid table name: use 'database.table', each part letters, digits and underscores,"
                        + " starting with a letter or underscore"),
                new Violation("partitionBy", "column 'DAY' appears twice"),
                new Violation("keys", "column 'nope' is not in the source schema"));
    }

    @Test
    void shouldReportTheSourcesOwnViolations() {
        RunRequest request = Request.append().source(new InlineSource(SCHEMA, List.of(Map.of("id", "one")))).build();

        assertViolations(() -> validator.plan(request), new Violation("source.rows[0].id", "'one' is not a BIGINT: expected a whole number"
                + " from -9223372036854775808 to 9223372036854775807"));
    }

    @Test
    void shouldRefuseATableInADatabaseSluiceMayNotWrite() {
        RunRequestValidator restricted = validator(List.of("demo"));

        assertViolations(() -> restricted.plan(Request.append().table("other.events").build()), new Violation("table",
                "database 'other' is not one Sluice may write (sluice.tables.writable-databases: [demo])"));
        assertViolations(() -> restricted.checkWritable(new TableName("other", "events")), new Violation("table",
                "database 'other' is not one Sluice may write (sluice.tables.writable-databases: [demo])"));
        assertThatCode(() -> restricted.checkWritable(EVENTS)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAPartitionColumnTheSourceLacks() {
        assertViolations(() -> validator.plan(Request.append().partitionBy("region").build()), new Violation("partitionBy",
                "partition column 'region' is not in the source schema [id, day, updated_at]"));
    }

    @Test
    void shouldRefuseATableOfPartitionColumnsOnly() {
        RunRequest request = Request.append().source(new InlineSource("day DATE", List.of())).partitionBy("day").build();

        assertViolations(() -> validator.plan(request), new Violation("partitionBy", "a table needs at least one column that is not a partition column"));
    }

    @Test
    void shouldRefuseAnOptionColumnThatIsNoIdentifier() {
        assertViolations(() -> validator.plan(Request.append().keys("id; DROP TABLE x").build()), new Violation("keys",
                "'id; DROP TABLE x' is not a valid column name: use letters, digits and underscores, starting with a letter or underscore"
                        + " (at most 128)"));
    }

    @Test
    void shouldRefuseKeepLatestWithoutTheColumnsThatOrderTheRows() {
        assertViolations(() -> validator.plan(Request.append().keys("id").duplicates(DuplicatePolicy.KEEP_LATEST).build()),
                new Violation("duplicates", "keep_latest needs keys and orderBy (the columns that say which row is the latest)"));
    }

    @Test
    void shouldRefuseAWatermarkWithoutItsColumnOrOnAColumnTheSourceLacks() {
        assertViolations(() -> validator.plan(Request.append().watermark(new WatermarkSpec(null, null, null, null)).build()),
                new Violation("watermark.column", "a watermark needs its cursor column"));
        assertViolations(() -> validator.plan(Request.append().watermark(new WatermarkSpec("changed_at", null, null, null)).build()),
                new Violation("watermark.column", "column 'changed_at' is not in the source schema"));
    }

    @Test
    void shouldRefuseAWatermarkNameOutsideTheIdentifierGrammar() {
        assertViolations(() -> validator.plan(Request.append().watermark(new WatermarkSpec("updated_at", null, null, "orders-eu")).build()),
                new Violation("watermark.name", "a watermark name uses letters, digits and underscores (at most 128)"));
    }

    @Test
    void shouldRefuseAnInclusiveWatermarkWithoutKeys() {
        assertViolations(() -> validator.plan(Request.append().watermark(new WatermarkSpec("updated_at", null, true, null)).build()),
                new Violation("watermark.inclusive",
                        "an inclusive watermark needs keys: rows at the boundary are told apart from those already loaded by key"));
        assertThatCode(() -> validator.plan(Request.append().keys("id").watermark(new WatermarkSpec("updated_at", null, true, null)).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseWhatTheStrategyDoesNotTake() {
        assertViolations(() -> validator.plan(Request.append().strategy(StrategyName.DROP_PARTITION).build()), new Violation("partitionBy",
                "drop_partition replaces whole partitions and needs a partitioned table: give partitionBy for a new table"));
        assertViolations(() -> validator.plan(Request.append().strategy(StrategyName.MERGE).build()),
                new Violation("keys", "merge needs keys: the columns that identify a row"));
    }

    @Test
    void shouldRefuseAMergeThatInsertsNothingIntoATableThatDoesNotExistYet() {
        RunRequest request = Request.append().strategy(StrategyName.MERGE).keys("id").whenNotMatched(WhenNotMatched.IGNORE).build();

        assertViolations(() -> validator.plan(request), new Violation("whenNotMatched",
                "whenNotMatched ignore inserts nothing, and table demo.events does not exist yet: load it first"));
    }

    @Test
    void shouldCheckAgainstTheExistingTablesShapeNotTheRequests() {
        when(catalog.state(any(), any())).thenReturn(Optional.of(existing(TableFormat.PARQUET, SCHEMA, "day")));

        RunPlan plan = validator.plan(Request.append().build());

        assertThat(plan.shape()).isEqualTo(new TableShape(TableFormat.PARQUET, List.of("day"), null));
    }

    @Test
    void shouldRefuseAnotherFormatThanTheExistingTablesWithAConflict() {
        when(catalog.state(any(), any())).thenReturn(Optional.of(existing(TableFormat.PARQUET, SCHEMA, "day")));

        assertThatThrownBy(() -> validator.plan(Request.append().format(TableFormat.DELTA).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("table demo.events is parquet, not delta; a table keeps the format it was created with");
    }

    @Test
    void shouldRefuseAnotherPartitioningThanTheExistingTables() {
        when(catalog.state(any(), any())).thenReturn(Optional.of(existing(TableFormat.DELTA, SCHEMA, "day")));

        assertViolations(() -> validator.plan(Request.append().partitionBy("id").build()), new Violation("partitionBy",
                "table demo.events is partitioned by [day], not [id]; omit partitionBy or give the table's"));
        assertThatCode(() -> validator.plan(Request.append().partitionBy("DAY").build())).doesNotThrowAnyException();
    }

    @Test
    void shouldCheckAgainstTheTableAnEarlierQueuedRunWillCreate() {
        UUID creator = UUID.fromString("00000000-0000-4000-8000-000000000007");
        RunPlan creating = new RunPlan(creator, EVENTS, null, TableFormat.PARQUET, List.of("day"), ROWS, WriteOptions.NONE, null, null,
                null, null, new TableShape(TableFormat.PARQUET, List.of("day"), null), null);
        when(scheduler.creator(EVENTS)).thenReturn(Optional.of(creating));

        assertThat(validator.plan(Request.append().build()).shape()).isEqualTo(new TableShape(TableFormat.PARQUET, List.of("day"), creator));
        assertThatThrownBy(() -> validator.plan(Request.append().format(TableFormat.DELTA).build())).isInstanceOf(ConflictException.class)
                .hasMessage("table demo.events (created by run 00000000-0000-4000-8000-000000000007, queued before this one) is parquet,"
                        + " not delta; a table keeps the format it was created with");
        // the table as that run creates it exists for this one: a merge that only updates has rows to update
        assertThatCode(() -> validator.plan(Request.append().strategy(StrategyName.MERGE).keys("id").whenNotMatched(WhenNotMatched.IGNORE)
                .build())).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseADeclaredSchemaTheExistingTableDoesNotTakeUnlessTheContentsAreLeftToTheRun() {
        when(catalog.state(any(), any())).thenReturn(Optional.of(existing(TableFormat.DELTA, "id INT, day DATE, updated_at TIMESTAMP", "day")));
        RunRequest request = Request.append().build();

        assertThatThrownBy(() -> validator.plan(request)).isInstanceOfSatisfying(SchemaMismatchException.class,
                e -> assertThat(e.violations()).containsExactly(new Violation("schemaPolicy",
                        "column 'id' is bigint in the source but int in the table, which is not a safe widening")));
        assertThatCode(() -> validator.plan(request, false)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseRepeatedInlineKeysUnlessTheContentsAreLeftToTheRun() {
        InlineSource repeated = new InlineSource(SCHEMA, List.of(Map.of("id", 1), Map.of("id", 1), Map.of("id", 2)));
        RunRequest request = Request.append().source(repeated).keys("id").build();

        assertThatThrownBy(() -> validator.plan(request)).isInstanceOf(DuplicateKeysException.class)
                .hasMessage("keys: 1 key(s) occur more than once in the source, e.g. [[1]]; deduplicate the source or set"
                        + " duplicates=keep_latest with orderBy");
        assertThatCode(() -> validator.plan(request, false)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAWatermarkWhoseStoredNamesakeIsOnAnotherColumn() {
        when(watermarks.find("demo.events", "updated_at")).thenReturn(Optional.of(new Watermark("updated_at", "changed_at",
                "2024-08-01T00:00:00Z", null, OffsetDateTime.parse("2024-08-01T00:00:00Z"))));

        assertThatThrownBy(() -> validator.plan(Request.append().watermark(new WatermarkSpec("updated_at", null, null, null)).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("watermark 'updated_at' of table demo.events is on column 'changed_at', not 'updated_at': DELETE it first to"
                        + " start one on 'updated_at', or give this one another name");
    }

    @Test
    void shouldPlanAWatermarksInitialValueInCanonicalFormReadInTheSessionTimeZone() {
        when(spark.sessionState().conf().sessionLocalTimeZone()).thenReturn("Europe/Berlin");

        RunPlan plan = validator.plan(Request.append().watermark(new WatermarkSpec("UPDATED_AT", "2024-08-02 10:00:00", null, "eu")).build());

        // Berlin is UTC+2 in August
        assertThat(plan.watermark()).isEqualTo(new WatermarkSpec("UPDATED_AT", "2024-08-02T08:00:00Z", null, "eu"));
    }

    @Test
    void shouldRefuseAWatermarksInitialValueThatIsNoValueOfItsColumn() {
        when(spark.sessionState().conf().sessionLocalTimeZone()).thenReturn("UTC");

        assertViolations(() -> validator.plan(Request.append().watermark(new WatermarkSpec("id", "yesterday", null, null)).build()),
                new Violation("watermark.initial", "'yesterday' is not a BIGINT: expected a whole number from -9223372036854775808 to"
                        + " 9223372036854775807"));
    }
}
