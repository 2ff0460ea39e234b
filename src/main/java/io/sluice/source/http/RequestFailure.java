package io.sluice.source.http;

/** One request of a pull failed for good (after its retries): recorded with the reason, the others go on. */
class RequestFailure extends RuntimeException {

    RequestFailure(String reason) {
        super(reason, null, false, false); // a reason, not a stack: it is reported, never logged as a crash
    }
}
