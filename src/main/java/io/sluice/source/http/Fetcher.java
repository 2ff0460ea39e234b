package io.sluice.source.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GET with retries: 5xx, 429, timeouts and connection failures are retried with exponential
 * backoff and jitter (a 429's or 503's {@code Retry-After} is honoured instead, up to a limit); any
 * other answer is returned as it is. Written by hand: Spring's RetryTemplate has no per-answer delay.
 */
final class Fetcher {

    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
    /** A Retry-After beyond this fails the request rather than hold a worker for minutes. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

    private final HttpClient client;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final BooleanSupplier cancelled;

    Fetcher(HttpClient client, Duration timeout, RetryPolicy retry, BooleanSupplier cancelled) {
        this.client = client;
        this.timeout = timeout;
        this.retry = retry;
        this.cancelled = cancelled;
    }

    HttpResponse<byte[]> get(URI uri) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        for (int attempt = 1;; attempt++) {
            if (cancelled.getAsBoolean()) {
                throw new InterruptedException("the run was cancelled");
            }
            String problem;
            Optional<Duration> asked = Optional.empty();
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status != 429 && status < 500) {
                    return response;
                }
                problem = "HTTP " + status;
                asked = retryAfter(response);
            } catch (HttpTimeoutException e) {
                problem = "no answer within " + timeout.toSeconds() + " s";
            } catch (IOException e) {
                problem = "connection failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            }
            if (attempt >= retry.maxAttempts()) {
                throw new RequestFailure(problem + " after " + attempt + " attempt(s): " + uri);
            }
            if (asked.isPresent() && asked.get().compareTo(MAX_RETRY_AFTER) > 0) {
                throw new RequestFailure(problem + " with Retry-After " + asked.get().toSeconds() + " s, beyond the "
                        + MAX_RETRY_AFTER.toSeconds() + " s a pull waits: " + uri);
            }
            Duration wait = asked.isPresent() ? asked.get() : backoff(retry.initialBackoff(), retry.maxBackoff(), attempt);
            log.debug("{} from {}; attempt {} of {} in {} ms", problem, uri, attempt + 1, retry.maxAttempts(), wait.toMillis());
            Thread.sleep(wait.toMillis());
        }
    }

    /** Exponential, capped, with "equal jitter": half the step fixed, half random, so retries of many requests spread out. */
    static Duration backoff(Duration initial, Duration max, int attempt) {
        long step = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
    }

    /** Retry-After in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            if (value.matches("\\d+")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
