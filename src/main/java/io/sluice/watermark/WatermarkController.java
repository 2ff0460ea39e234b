package io.sluice.watermark;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.sluice.problem.ConflictException;
import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.NotFoundException;
import io.sluice.source.ColumnText;
import io.sluice.table.Identifiers;
import io.sluice.format.TableCatalog;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.table.WritableTables;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Operators read, set (backfill) and reset a table's watermarks. Runs advance them only with their commits. */
@RestController
@RequestMapping("/api/v1/tables/{table}/watermarks")
@Tag(name = "watermarks", description = "Incremental-load cursors per table")
class WatermarkController {

    /** What an operator sets: the cursor column and the value the next run loads beyond. */
    record WatermarkValue(@Schema(example = "last_modified") String column, @Schema(example = "2024-08-01T00:00:00Z") String value) {
    }

    private final Watermarks watermarks;
    private final WritableTables writable;
    private final TableCatalog catalog;
    private final SparkSession spark;

    WatermarkController(Watermarks watermarks, WritableTables writable, TableCatalog catalog, SparkSession spark) {
        this.watermarks = watermarks;
        this.writable = writable;
        this.catalog = catalog;
        this.spark = spark;
    }

    @GetMapping
    @Operation(operationId = "listWatermarks", summary = "The table's watermarks")
    List<Watermark> list(@PathVariable String table) {
        return watermarks.list(TableName.parse("table", table).toString());
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getWatermark", summary = "One watermark of the table")
    @ApiResponse(responseCode = "404", description = "No such watermark",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    Watermark get(@PathVariable String table, @PathVariable String name) {
        return watermarks.find(TableName.parse("table", table).toString(), name).orElseThrow(() -> notFound(table, name));
    }

    @PutMapping("/{name}")
    @Operation(operationId = "setWatermark", summary = "Set a watermark (backfill or skip ahead): the next run with it loads rows beyond this value. The value is"
            + " stored in its canonical form: a TIMESTAMP as a UTC instant (text without an offset is in the session time zone),"
            + " a DATE as yyyy-MM-dd, a number in plain notation")
    @ApiResponse(responseCode = "404", description = "No such table",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The watermark is on another column: DELETE it first",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Invalid name or column, or a value that is not one of the column's type",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    Watermark set(@PathVariable String table, @PathVariable String name, @RequestBody WatermarkValue value) {
        TableName parsed = TableName.parse("table", table);
        writable.check("table", parsed);
        String tableName = parsed.toString();
        InvalidRequestException.check(Identifiers.isValid(name), "name", "a watermark name uses letters, digits and underscores");
        InvalidRequestException.check(value.column() != null, "column", "the watermark's cursor column is required");
        Identifiers.column("column", value.column());
        InvalidRequestException.check(value.value() != null && !value.value().isBlank() && value.value().length() <= 4000, "value",
                "a value is required (at most 4000 characters); to start over, DELETE the watermark");
        TableState state = catalog.state(spark, parsed)
                .orElseThrow(() -> new NotFoundException("table", "no table " + tableName + " in the catalog"));
        StructField column = Arrays.stream(state.schema().fields()).filter(f -> f.name().equalsIgnoreCase(value.column())).findFirst()
                .orElseThrow(() -> InvalidRequestException.of("column", "table %s has no column '%s'", tableName, value.column()));
        String canonical = ColumnText.canonical("value", value.value(), column.dataType(),
                ZoneId.of(spark.sessionState().conf().sessionLocalTimeZone()));
        Optional<Watermark> existing = watermarks.find(tableName, name);
        // Another column's value means nothing for this one: moving a watermark is a reset plus a new start, said out loud.
        if (existing.isPresent() && !existing.get().column().equalsIgnoreCase(value.column())) {
            throw new ConflictException("watermark '%s' of table %s is on column '%s', not '%s': DELETE it first to start one on '%s'"
                    .formatted(name, tableName, existing.get().column(), value.column(), value.column()));
        }
        watermarks.set(tableName, name, existing.map(Watermark::column).orElse(value.column()), canonical, null);
        return watermarks.find(tableName, name).orElseThrow();
    }

    @DeleteMapping("/{name}")
    @Operation(operationId = "resetWatermark", summary = "Reset a watermark: the next run with it starts from its initial value, or loads all rows")
    @ApiResponse(responseCode = "404", description = "No such watermark",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> reset(@PathVariable String table, @PathVariable String name) {
        TableName parsed = TableName.parse("table", table);
        writable.check("table", parsed);
        if (!watermarks.delete(parsed.toString(), name)) {
            throw notFound(table, name);
        }
        return ResponseEntity.noContent().build();
    }

    private static NotFoundException notFound(String table, String name) {
        return new NotFoundException("watermark", "table %s has no watermark '%s'".formatted(table, name));
    }
}
