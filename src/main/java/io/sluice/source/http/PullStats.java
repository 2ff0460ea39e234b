package io.sluice.source.http;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A pull's requests and what they staged: live while the run runs, final once it ended. */
@Schema(description = "Requests of an http source: done (staged with data), noData (an answer the source's policy reads as "
        + "no data, e.g. 404), skipped (staged by an earlier run of the same batch), failed, remaining; pages, rows and bytes "
        + "staged by this run")
public record PullStats(int requestsTotal, int requestsDone, int requestsNoData, int requestsSkipped, int requestsFailed,
        int requestsRemaining, long pagesStaged, long rowsStaged, long bytesStaged,
        @Schema(description = "The failed requests and why (at most 50 listed)") List<RequestFailure> failures) {

    public PullStats {
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    public record RequestFailure(String request, String reason) {
    }
}
