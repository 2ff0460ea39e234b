package io.sluice.run.api;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.sluice.table.TableName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.sluice.run.RunStatus;
import io.sluice.run.RunQuery;
import io.sluice.run.RunPreview;
import io.sluice.run.RunPage;
import io.sluice.run.Run;
import io.sluice.run.callback.CallbackReport;

@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "runs", description = "Submit, watch and cancel ingestion runs")
class RunController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final RunService runs;

    RunController(RunService runs) {
        this.runs = runs;
    }

    @PostMapping
    @Operation(operationId = "submitRun", summary = "Submit a run", description = """
            Validates the request and queues the run: 202 with the run and its Location. One run per table \
            executes at a time, in submission order; runs on different tables proceed in parallel. \
            Strategies: append adds the source rows (a re-run appends them again); drop_partition replaces \
            the partitions whose values occur in the source, in one commit; dynamic_overwrite replaces exactly \
            the partitions present in the source; merge upserts on keys (updateColumns / excludeColumns, \
            whenMatched update|ignore|delete and whenNotMatched insert|ignore for insert-only and delete-only merges, \
            deleteNotMatchedBySource within the touched partitions, nullSafeKeys); apply_changes applies change events \
            on keys in sequenceBy order (deleteWhen, exceptColumns; history for SCD type 2 with validFrom, validTo and \
            current), see docs/cdc.md. Columns always match by name. \
            With keys, duplicate keys in the source are refused unless duplicates=keep_latest with orderBy.""")
    @ApiResponse(responseCode = "202", description = "Accepted and queued", content = @Content(schema = @Schema(implementation = Run.class)))
    @ApiResponse(responseCode = "200", description = "dryRun=true: the plan; nothing committed, no run recorded. Or, for a "
            + "repeated Idempotency-Key, the key's run (header Idempotent-Replayed: true)",
            content = @Content(schema = @Schema(title = "RunOrPreview", oneOf = { RunPreview.class, Run.class })))
    @ApiResponse(responseCode = "409", description = "Idempotency-Key already used with a different request",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Invalid request", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "Run queue full; see Retry-After", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<?> submit(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
            @ExampleObject(name = "inline append", value = RunExamples.INLINE_APPEND),
            @ExampleObject(name = "inline append, unpartitioned", value = RunExamples.INLINE_UNPARTITIONED),
            @ExampleObject(name = "merge (upsert on keys)", value = RunExamples.MERGE),
            @ExampleObject(name = "apply_changes: change events, latest per key (SCD type 1)", value = RunExamples.APPLY_CHANGES),
            @ExampleObject(name = "apply_changes with history (SCD type 2)", value = RunExamples.APPLY_CHANGES_HISTORY),
            @ExampleObject(name = "dynamic overwrite of one day", value = RunExamples.DYNAMIC_OVERWRITE),
            @ExampleObject(name = "drop_partition into a Parquet table", value = RunExamples.PARQUET_DROP_PARTITION),
            @ExampleObject(name = "expectations: quarantine, drop and warn rules", value = RunExamples.EXPECTATIONS),
            @ExampleObject(name = "files: csv under an allowed root", value = RunExamples.FILES),
            @ExampleObject(name = "files, incremental: each file loaded once", value = RunExamples.FILES_INCREMENTAL),
            @ExampleObject(name = "files: malformed csv records to the quarantine table", value = RunExamples.FILES_BAD_RECORDS),
            @ExampleObject(name = "jdbc: incremental merge from a database table", value = RunExamples.JDBC),
            @ExampleObject(name = "http: one request per parameter set", value = RunExamples.HTTP),
            @ExampleObject(name = "staging: reload an http source's staged pages", value = RunExamples.STAGING) }))
            @Valid @RequestBody RunRequest request,
            @Parameter(description = "Plan only: read the source and report what the run would do, commit nothing")
            @RequestParam(defaultValue = "false") boolean dryRun,
            @Parameter(description = "Makes the submission idempotent: the same key with the same request answers the original "
                    + "run (200, Idempotent-Replayed: true) instead of starting another; with another request, 409")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        if (dryRun) {
            return ResponseEntity.ok(runs.dryRun(request));
        }
        RunService.Submission submission = runs.submit(request.withIdempotencyKey(idempotencyKey));
        Run run = submission.run();
        if (submission.replayed()) {
            return ResponseEntity.ok().location(URI.create("/api/v1/runs/" + run.id())).header(REPLAYED, "true").body(run);
        }
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(run);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getRun", summary = "One run: status, timings, table versions, counts, error", description = """
            With waitSeconds the answer waits until the run has ended or that many seconds have passed             (a long poll: one request instead of a polling loop).""")
    @ApiResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    Run get(@PathVariable UUID id,
            @Parameter(description = "Wait up to this many seconds for the run to end") @RequestParam(defaultValue = "0") @Min(0) @Max(60)
            int waitSeconds) {
        return runs.await(id, Duration.ofSeconds(waitSeconds));
    }

    @GetMapping("/{id}/callback")
    @Operation(operationId = "getRunCallback", summary = "A run's completion callback: its URL and every delivery attempt", description = """
            Each attempt with its time and the receiver's status or the error; delivered once a receiver answered 2xx,             pending while the run runs or a retry is due.""")
    @ApiResponse(responseCode = "404", description = "No such run, or it has no callback",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    CallbackReport callback(@PathVariable UUID id) {
        return runs.callback(id);
    }

    @GetMapping
    @Operation(operationId = "listRuns", summary = "Runs, newest first, optionally for one table and/or status")
    RunPage list(@RequestParam(required = false) String table, @RequestParam(required = false) RunStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(500) int size) {
        String tableName = table == null ? null : TableName.parse("table", table).toString();
        return runs.list(new RunQuery(tableName, status, page, size));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "cancelRun", summary = "Cancel a run", description = """
            A queued run is cancelled at once (200). A running run's Spark jobs are cancelled and it ends \
            CANCELLED shortly after (202); if its commit had already happened it ends SUCCEEDED. \
            A finished run answers 409.""")
    @ApiResponse(responseCode = "200", description = "A queued run, cancelled", content = @Content(schema = @Schema(implementation = Run.class)))
    @ApiResponse(responseCode = "202", description = "A running run, asked to stop", content = @Content(schema = @Schema(implementation = Run.class)))
    @ApiResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Run already finished", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Run> cancel(@PathVariable UUID id) {
        Run run = runs.cancel(id);
        return ResponseEntity.status(run.status().isTerminal() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(run);
    }
}
