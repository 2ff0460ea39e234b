package io.sluice.run.api;

import java.net.URI;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.sluice.problem.InvalidRequestException;
import io.sluice.run.Run;
import io.sluice.run.maintenance.MaintenancePreview;
import io.sluice.run.maintenance.VacuumPreview;
import io.sluice.table.TableName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Table maintenance by hand: a compaction or a vacuum is a recorded run, queued in the table's lane behind its writes. */
@RestController
@Tag(name = "maintenance", description = "Compaction of a table's small files; vacuum of the files no kept version reads")
class MaintenanceController {

    private final RunService runs;

    MaintenanceController(RunService runs) {
        this.runs = runs;
    }

    @PostMapping("/api/v1/tables/{name}/maintenance")
    @Operation(operationId = "maintainTable", summary = "Compact the table's partitions with many small files, or vacuum what no kept version reads, as a recorded run (202); ?dryRun=true lists what it would do", description = """
            compact: Delta OPTIMIZE of those partitions, a new version with the same rows; Parquet: their rows staged again in \
            fewer files and swapped in like a write; a rollback returns the files they had. vacuum: Delta VACUUM with \
            retentionHours; Parquet: the replaced directories and stages that neither the newest \
            sluice.maintenance.vacuum.keep-changes changes nor those of the retention need, then no restore below the oldest \
            restorable version (409). Either also removes the table's leftovers of failed creates past \
            sluice.maintenance.orphans.grace.""")
    @ApiResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(implementation = Run.class)))
    @ApiResponse(responseCode = "200", description = "The dry run's answer: a compaction's MaintenancePreview, a vacuum's VacuumPreview",
            content = @Content(schema = @Schema(oneOf = { MaintenancePreview.class, VacuumPreview.class })))
    @ApiResponse(responseCode = "404", description = "No such table", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Thresholds or retention out of range", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<?> maintain(@PathVariable String name, @RequestBody MaintenanceRequest request,
            @RequestParam(defaultValue = "false") boolean dryRun) {
        InvalidRequestException.check(request.operation() != null, "operation", "give an operation: compact or vacuum");
        TableName table = TableName.parse("name", name);
        if (request.operation() == MaintenanceRequest.Operation.VACUUM) {
            return dryRun ? ResponseEntity.ok(runs.previewVacuum(table, request.retentionHours(), request.keepChanges()))
                    : accepted(runs.vacuum(table, request.retentionHours(), request.keepChanges()));
        }
        if (dryRun) {
            return ResponseEntity.ok(runs.previewCompaction(table, request.minFiles(), request.targetFileSize()));
        }
        return accepted(runs.compact(table, request.minFiles(), request.targetFileSize()));
    }

    private static ResponseEntity<Run> accepted(Run run) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(run);
    }
}
