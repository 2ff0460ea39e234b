package io.sluice.run.api;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.sluice.table.TableName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.sluice.run.history.TableHistory;
import io.sluice.run.Run;
import io.sluice.run.RestoreTarget;
import io.sluice.run.history.HistoryEntry;

/** Time travel: a table's history, restoring it, rolling back a run. Restores and rollbacks are recorded runs. */
@RestController
@Tag(name = "history", description = "Table history, restore and rollback")
class HistoryController {

    private final TableHistory history;
    private final RunService runs;

    HistoryController(TableHistory history, RunService runs) {
        this.history = history;
        this.runs = runs;
    }

    @GetMapping("/api/v1/tables/{name}/history")
    @Operation(operationId = "tableHistory", summary = "The table's changes, newest first: version, time, operation, run id and metrics")
    @ApiResponse(responseCode = "404", description = "No such table", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    List<HistoryEntry> history(@PathVariable String name, @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return history.of(TableName.parse("name", name), limit);
    }

    @PostMapping("/api/v1/tables/{name}/restore")
    @Operation(operationId = "restoreTable", summary = "Restore a table to a version or a timestamp, as a recorded run (202)", description = """
            Delta: RESTORE, a new version with the contents of the old one; the history stays. Parquet: every change \
            after that version (see the history) is rolled back, newest first, to the directories it replaced.""")
    @ApiResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = Run.class)))
    @ApiResponse(responseCode = "404", description = "No such table", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "No such version", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Run> restore(@PathVariable String name, @RequestBody RestoreTarget target) {
        return accepted(runs.restore(TableName.parse("name", name), new RestoreTarget(target.version(), target.timestamp(), null)));
    }

    @PostMapping("/api/v1/runs/{id}/rollback")
    @Operation(operationId = "rollbackRun", summary = "Undo a run that is its table's latest change, and rewind its watermark, as a recorded run (202)", description = """
            Delta: RESTORE to the version before the run. Parquet: the run's partitions (or table) go back to the \
            directories its swap replaced, which were kept. 409 when later runs changed the table (they are named), \
            when the run did not succeed or committed nothing, or for a Parquet append (it wrote in place).""")
    @ApiResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = Run.class)))
    @ApiResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Not the latest change, or nothing to return to", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Run> rollback(@PathVariable UUID id) {
        return accepted(runs.rollback(id));
    }

    private static ResponseEntity<Run> accepted(Run run) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(run);
    }
}
