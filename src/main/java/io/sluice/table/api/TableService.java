package io.sluice.table.api;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Database;
import org.apache.spark.sql.catalog.Table;
import org.springframework.stereotype.Service;

import io.sluice.problem.NotFoundException;
import io.sluice.watermark.Watermarks;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.table.TableState;
import io.sluice.table.TableName;
import io.sluice.format.TableCatalog;
import io.sluice.format.Format;
import io.sluice.format.Formats;
import io.sluice.format.TableChange;
import io.sluice.format.TableChanges;

/** Reads tables for the API: list, describe, preview. */
@Service
class TableService {

    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
    };

    /** Spark's JSON writer cuts timestamps to milliseconds and drops null fields by default. */
    private static final Map<String, String> JSON_OPTIONS = Map.of(
            "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
            "timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
            "dateFormat", "yyyy-MM-dd",
            "ignoreNullFields", "false");

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final Formats formats;
    private final Watermarks watermarks;
    private final JsonMapper json;
    private final TableChanges changes;

    TableService(SparkSession spark, TableCatalog catalog, Formats formats, Watermarks watermarks, JsonMapper json, TableChanges changes) {
        this.spark = spark;
        this.catalog = catalog;
        this.formats = formats;
        this.watermarks = watermarks;
        this.json = json;
        this.changes = changes;
    }

    List<String> list() {
        SparkSession session = spark.newSession();
        List<String> names = new ArrayList<>();
        for (Database database : session.catalog().listDatabases().collectAsList()) {
            try {
                for (Table table : session.catalog().listTables(database.name()).collectAsList()) {
                    if (!table.isTemporary()) {
                        names.add(database.name() + "." + table.name());
                    }
                }
            } catch (AnalysisException dropped) {
                // the database went away while listing: it has no tables to show
            }
        }
        return names.stream().sorted().toList();
    }

    TableInfo describe(TableName name) {
        SparkSession session = spark.newSession();
        TableState state = catalog.state(session, name).orElseThrow(() -> notFound(name));
        List<TableInfo.Column> columns = Arrays.stream(state.schema().fields())
                .map(field -> new TableInfo.Column(field.name(), field.dataType().simpleString(), field.nullable()))
                .toList();
        long rows = session.table(name.quoted()).count();
        Format format = formats.of(state);
        // the history's latest version, so that both name it alike (Parquet's are its recorded changes: none, no version)
        List<TableChange> recorded = changes.of(state);
        long latest = format.latestVersion(state, () -> recorded);
        return new TableInfo(name.toString(), state.format(), state.location(), format.currentData(session, state),
                state.partitionBy(), columns, rows, latest < 0 ? null : latest, oldestRestorable(state, recorded), state.protocol(),
                watermarks.list(name.toString()));
    }

    /** The oldest version the last vacuum that removed files kept, else the first recorded. */
    private Long oldestRestorable(TableState state, List<TableChange> recorded) {
        OptionalLong kept = changes.restorableFrom(state);
        return kept.isPresent() ? Long.valueOf(kept.getAsLong()) : recorded.isEmpty() ? null : recorded.get(0).version();
    }

    TablePreview preview(TableName name, int limit) {
        SparkSession session = spark.newSession();
        if (!catalog.exists(session, name)) {
            throw notFound(name);
        }
        var table = session.table(name.quoted());
        List<Map<String, Object>> rows = table.limit(limit).select(to_json(struct(col("*")), JSON_OPTIONS)).as(Encoders.STRING())
                .collectAsList().stream().map(line -> json.readValue(line, ROW)).toList(); // fractions as BigDecimal, never double
        return new TablePreview(name.toString(), List.of(table.columns()), rows);
    }

    private static NotFoundException notFound(TableName name) {
        return new NotFoundException("table", "no table " + name + " in the catalog");
    }
}
