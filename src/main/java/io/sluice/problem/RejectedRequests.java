package io.sluice.problem;

import java.net.URI;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Every request answered with a problem, by type and status: {@code sluice_requests_rejected_total}. */
public final class RejectedRequests {

    private RejectedRequests() {
    }

    public static void count(MeterRegistry meters, int status, URI type) {
        Counter.builder("sluice.requests.rejected").description("Requests answered with a problem, by problem type and status")
                .tags("type", type == null ? "none" : type.toString(), "status", Integer.toString(status)).register(meters).increment();
    }
}
