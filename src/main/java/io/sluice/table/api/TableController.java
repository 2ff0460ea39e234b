package io.sluice.table.api;

import java.util.List;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.sluice.table.TableName;

@RestController
@RequestMapping("/api/v1/tables")
@Tag(name = "tables", description = "The catalog tables runs write")
class TableController {

    private final TableService tables;

    TableController(TableService tables) {
        this.tables = tables;
    }

    @GetMapping
    @Operation(operationId = "listTables", summary = "Catalog tables, as database.table")
    List<String> list() {
        return tables.list();
    }

    @GetMapping("/{name}")
    @Operation(operationId = "describeTable", summary = "Format, location, partitioning, schema, row count, version and watermarks of a table")
    @ApiResponse(responseCode = "404", description = "No such table", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    TableInfo describe(@Parameter(example = "demo.events") @PathVariable String name) {
        return tables.describe(TableName.parse("name", name));
    }

    @GetMapping("/{name}/preview")
    @Operation(operationId = "previewTable", summary = "The first rows of a table")
    @ApiResponse(responseCode = "404", description = "No such table", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    TablePreview preview(@Parameter(example = "demo.events") @PathVariable String name,
            @RequestParam(defaultValue = "20") @Min(1) @Max(1000) int limit) {
        return tables.preview(TableName.parse("name", name), limit);
    }
}
