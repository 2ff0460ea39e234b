package io.sluice.run.callback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.sluice.run.Run;
import io.sluice.run.RunEnded;
import io.sluice.run.ledger.RunLedger;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs an ended run's document to its callback, off the run's thread: attempts and the waits between them run on a small
 * scheduler of their own, so a dead receiver holds neither the run nor a run thread. Each attempt is recorded before the
 * next is scheduled; a 2xx delivers, a 5xx, a 429, a timeout or a failed connection is retried, any other answer ends the
 * delivery undelivered, and so does the last attempt. At shutdown the waits are dropped; the next start resumes every
 * pending delivery of an ended run from the attempts recorded (the receiver may see an attempt twice: the run id in
 * {@code Idempotency-Key} tells it so).
 */
@Component
class CallbackDelivery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallbackDelivery.class);
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final CallbackLedger callbacks;
    private final RunLedger runs;
    private final JsonMapper json;
    private final CallbackProperties properties;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    /** Deliveries under way in this process: a run is delivered by one chain of attempts at a time. */
    private final Set<UUID> underWay = ConcurrentHashMap.newKeySet();

    CallbackDelivery(CallbackLedger callbacks, RunLedger runs, JsonMapper json, CallbackProperties properties) {
        this.callbacks = callbacks;
        this.runs = runs;
        this.json = json;
        this.properties = properties;
        // no redirects: the allow-list was checked for this URL, not for wherever a receiver points
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "sluice-callback-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @EventListener
    void onRunEnded(RunEnded ended) {
        submit(() -> start(ended.runId()));
    }

    /** After RunRecovery: deliveries a stopped process left pending, and those of the runs recovery ended. */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        submit(() -> callbacks.pendingOfEndedRuns().forEach(this::start));
    }

    private void start(UUID runId) {
        CallbackLedger.Pending pending = callbacks.pending(runId).orElse(null);
        if (pending == null || !underWay.add(runId)) {
            return;
        }
        Run run = runs.find(runId).orElseThrow();
        // the document as GET /api/v1/runs/{id} shows it, once for all attempts: what a receiver verifies stays the same
        attempt(runId, pending.url(), json.writeValueAsString(run), pending.attempts() + 1);
    }

    private void attempt(UUID runId, URI url, String body, int attempt) {
        Result result;
        try {
            result = send(runId, url, body);
        } catch (InterruptedException e) { // shutting down: the delivery stays pending for the next start
            underWay.remove(runId);
            Thread.currentThread().interrupt();
            return;
        }
        callbacks.recordAttempt(runId, new CallbackAttempt(attempt, RunLedger.now(), result.status(), result.error()));
        if (result.error() == null) {
            finish(runId, CallbackLedger.DELIVERED);
            log.info("Run {}: callback delivered to {} (attempt {})", runId, url, attempt);
        } else if (!result.retry() || attempt >= properties.maxAttempts()) {
            finish(runId, CallbackLedger.FAILED);
            log.warn("Run {}: callback to {} not delivered after {} attempt(s): {}", runId, url, attempt, result.error());
        } else {
            Duration wait = properties.backoff().after(attempt);
            log.debug("Run {}: callback attempt {} to {}: {}; next in {} ms", runId, attempt, url, result.error(), wait.toMillis());
            schedule(() -> attempt(runId, url, body, attempt + 1), wait);
        }
    }

    private void finish(UUID runId, String outcome) {
        callbacks.finish(runId, outcome);
        underWay.remove(runId);
    }

    /** One POST; {@code error} is null when it delivered, {@code retry} says whether another attempt may. */
    record Result(Integer status, String error, boolean retry) {
    }

    private Result send(UUID runId, URI url, String body) throws InterruptedException {
        long now = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_KEY, runId.toString())
                .header(CallbackSignature.HEADER, CallbackSignature.header(properties.secret(), now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return new Result(status, null, false);
            }
            return new Result(status, "HTTP " + status, status == 429 || status >= 500);
        } catch (HttpTimeoutException e) {
            return new Result(null, "no answer within " + properties.timeout().toMillis() + " ms", true);
        } catch (IOException e) {
            return new Result(null, "connection failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", true);
        }
    }

    private void submit(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    private void schedule(Runnable task, Duration wait) {
        if (scheduler.isShutdown()) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) { // e.g. the ledger's database away: the delivery is resumed at the next start
                    log.error("A callback delivery failed", e);
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // pending in the ledger: the next start resumes it
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
