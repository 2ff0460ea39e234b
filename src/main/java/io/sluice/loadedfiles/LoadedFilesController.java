package io.sluice.loadedfiles;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.sluice.problem.InvalidRequestException;
import io.sluice.table.TableName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The files incremental files sources loaded into a table: what the next run of such a source will not read again. */
@RestController
@Tag(name = "tables", description = "The catalog tables runs write")
class LoadedFilesController {

    @Schema(description = "A page of the files loaded into a table, by path")
    record LoadedFilesPage(String table, long total, int limit, int offset, List<LoadedFile> files) {
    }

    private final LoadedFiles loaded;

    LoadedFilesController(LoadedFiles loaded) {
        this.loaded = loaded;
    }

    @GetMapping("/api/v1/tables/{name}/files")
    @Operation(operationId = "listLoadedFiles", summary = "The files incremental files sources loaded into the table, by path")
    LoadedFilesPage list(@PathVariable String name, @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        String table = TableName.parse("name", name).toString();
        InvalidRequestException.check(limit >= 1 && limit <= 1000, "limit", "limit is %d: give 1 to 1000", limit);
        InvalidRequestException.check(offset >= 0, "offset", "offset is %d: give 0 or more", offset);
        return new LoadedFilesPage(table, loaded.count(table), limit, offset, loaded.list(table, limit, offset));
    }
}
