package io.sluice.expectation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sluice.format.Format;
import io.sluice.format.Formats;
import io.sluice.format.TableCatalog;
import io.sluice.strategy.SchemaAlignment;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.write.Checkpoint;
import io.sluice.write.DuplicatePolicy;
import io.sluice.write.MergeActions;
import io.sluice.write.SchemaPolicy;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;

/**
 * The companion table quarantined rows go to: {@code _run_id}, {@code _rule}, {@code _ingested_at}, {@code _raw} (a malformed
 * record's text) and the row's columns, in the target table's format, partitioned by {@code _run_id}. Delta cannot commit two
 * tables at once, so a run writes its quarantine first (one commit, its own partition), then the table; if the table's commit
 * does not happen (a failure, a crash) the run's partition is removed again: by the run on a failure, by the restart's
 * recovery after a crash, by a retry for the attempt it retries. Either both commits stand or neither does.
 */
@Component
public class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    public static final String RUN_ID = "_run_id";
    public static final String RULE = "_rule";
    public static final String INGESTED_AT = "_ingested_at";
    public static final String RAW = "_raw";
    private static final WriteOptions ADD_COLUMNS = new WriteOptions(List.of(), List.of(), List.of(), MergeActions.WhenMatched.UPDATE,
            MergeActions.WhenNotMatched.INSERT, false, false, DuplicatePolicy.FAIL, List.of(), SchemaPolicy.ADD_COLUMNS);

    private final TableCatalog catalog;
    private final Formats formats;

    Quarantine(TableCatalog catalog, Formats formats) {
        this.catalog = catalog;
        this.formats = formats;
    }

    /**
     * Writes run {@code runId}'s quarantined rows as one commit: {@code quarantined} holds {@code _rule} and the row's columns
     * ({@code columns}), {@code malformed} (may be null) the malformed records' text in {@code _raw}. A new table is created in
     * {@code format}; an existing one gains the rows' new columns.
     */
    public void write(SparkSession session, TableName table, TableFormat format, UUID runId, Instant at, StructType columns,
            Dataset<Row> quarantined, Dataset<Row> malformed) throws NoSuchTableException {
        Dataset<Row> rows = rows(runId, at, columns, quarantined, RAW_NONE);
        if (malformed != null) {
            Dataset<Row> raw = malformed.select(lit(RuleChecker.MALFORMED).as(RULE), col(RAW));
            rows = rows.unionByName(rows(runId, at, columns, raw, null));
        }
        Optional<TableState> before = catalog.state(session, table);
        Map<String, String> metadata = Map.of("runId", runId.toString(), "quarantine", "true");
        if (before.isEmpty()) {
            catalog.ensureDatabase(session, table);
            catalog.moveAsideOrphanLocation(session, table);
            formats.of(format).create(new WriteRequest(runId, session, table, before, List.of(RUN_ID), rows, ADD_COLUMNS, metadata,
                    Checkpoint.NONE));
        } else {
            Dataset<Row> aligned = SchemaAlignment.align(rows, before.get().schema(), before.get().partitionBy(), SchemaPolicy.ADD_COLUMNS);
            formats.of(before.get()).append(new WriteRequest(runId, session, table, before, List.of(RUN_ID), aligned, ADD_COLUMNS, metadata,
                    Checkpoint.NONE));
        }
        log.info("Quarantined the rows of run {} in {}", runId, table);
    }

    private static final Column RAW_NONE = lit(null).cast(DataTypes.StringType);

    /** {@code data}'s {@code _rule} (and {@code _raw}, unless {@code raw} stands for it) with the columns, null where it lacks them. */
    private static Dataset<Row> rows(UUID runId, Instant at, StructType columns, Dataset<Row> data, Column raw) {
        List<Column> select = new ArrayList<>(List.of(lit(runId.toString()).as(RUN_ID), col(RULE),
                lit(Timestamp.from(at)).as(INGESTED_AT), (raw != null ? raw : col(RAW)).as(RAW)));
        boolean hasColumns = raw != null;
        for (StructField field : columns.fields()) {
            select.add(hasColumns ? col("`" + field.name().replace("`", "``") + "`") : lit(null).cast(field.dataType()).as(field.name()));
        }
        return data.select(select.toArray(Column[]::new));
    }

    /** Takes run {@code runId}'s rows out of the quarantine table again (its table commit did not happen); nothing if it has none. */
    public void remove(SparkSession session, TableName table, UUID runId) {
        Optional<TableState> state = catalog.state(session, table);
        if (state.isEmpty()) {
            return;
        }
        Format format = formats.of(state.get());
        String id = runId.toString().replace("'", "");
        if (format.name() == TableFormat.DELTA) {
            session.conf().set("spark.databricks.delta.commitInfo.userMetadata", "{\"quarantineRemovedFor\":\"" + id + "\"}");
            session.conf().unset("spark.databricks.delta.write.txnAppId");
            session.conf().unset("spark.databricks.delta.write.txnVersion");
            session.sql("DELETE FROM " + table.quoted() + " WHERE " + RUN_ID + " = '" + id + "'");
        } else {
            session.sql("ALTER TABLE " + table.quoted() + " DROP IF EXISTS PARTITION (" + RUN_ID + " = '" + id + "')");
            format.settled(session, state.get());
        }
        log.warn("Removed the quarantined rows of run {} from {}: its table commit did not happen", runId, table);
    }
}
