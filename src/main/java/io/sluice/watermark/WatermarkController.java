package io.sluice.watermark;

import java.util.List;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.sluice.api.InvalidRequestException;
import io.sluice.api.NotFoundException;
import io.sluice.table.Identifiers;
import io.sluice.table.TableName;
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

    WatermarkController(Watermarks watermarks, WritableTables writable) {
        this.watermarks = watermarks;
        this.writable = writable;
    }

    @GetMapping
    @Operation(summary = "The table's watermarks")
    List<Watermark> list(@PathVariable String table) {
        return watermarks.list(TableName.parse("table", table).toString());
    }

    @PutMapping("/{name}")
    @Operation(summary = "Set a watermark (backfill or skip ahead): the next run with it loads rows beyond this value")
    @ApiResponse(responseCode = "422", description = "Invalid name, column or value", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    Watermark set(@PathVariable String table, @PathVariable String name, @RequestBody WatermarkValue value) {
        TableName parsed = TableName.parse("table", table);
        writable.check("table", parsed);
        String tableName = parsed.toString();
        InvalidRequestException.check(Identifiers.isValid(name), "name", "a watermark name uses letters, digits and underscores");
        InvalidRequestException.check(value.column() != null, "column", "the watermark's cursor column is required");
        Identifiers.column("column", value.column());
        InvalidRequestException.check(value.value() != null && !value.value().isBlank() && value.value().length() <= 4000, "value",
                "a value is required (at most 4000 characters); to start over, DELETE the watermark");
        watermarks.set(tableName, name, value.column(), value.value(), null);
        return watermarks.find(tableName, name).orElseThrow();
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Reset a watermark: the next run with it starts from its initial value, or loads all rows")
    @ApiResponse(responseCode = "404", description = "No such watermark", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Void> reset(@PathVariable String table, @PathVariable String name) {
        TableName parsed = TableName.parse("table", table);
        writable.check("table", parsed);
        if (!watermarks.delete(parsed.toString(), name)) {
            throw new NotFoundException("watermark", "table %s has no watermark '%s'".formatted(table, name));
        }
        return ResponseEntity.noContent().build();
    }
}
