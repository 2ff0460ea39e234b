package io.sluice.source.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches a batch's requests into its staging area, {@code concurrency} at a time: requests the
 * manifest lists as done are skipped, every page is staged as it arrives (memory holds one page per
 * worker), and each request enters the manifest once all its pages are on disk. A request that fails
 * is listed with its reason; the others go on.
 */
public final class HttpPull {

    private static final Logger log = LoggerFactory.getLogger(HttpPull.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** No redirects: a redirect could lead off the allowed hosts. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    /** What one pull is: the requests (id and URL), how pages follow, where records are, and its limits. */
    public record Plan(String runId, Map<String, Request> requests, Pagination pagination, String recordsPath, StructType schema,
            int concurrency, Duration timeout, RetryPolicy retry, Set<Integer> noDataStatuses, HostAllowList hosts) {
    }

    /** One parameter set's request: its parameters and its first URL (page parameters are added per page). */
    public record Request(Map<String, String> parameters, URI url) {
    }

    private final Plan plan;
    private final StagingArea area;
    private final PullProgress progress;
    private final BooleanSupplier cancelled;
    private final Records records;
    private final Fetcher fetcher;

    public HttpPull(Plan plan, StagingArea area, PullProgress progress, BooleanSupplier cancelled) {
        this.plan = plan;
        this.area = area;
        this.progress = progress;
        this.cancelled = cancelled;
        this.records = new Records(plan.schema());
        this.fetcher = new Fetcher(CLIENT, plan.timeout(), plan.retry(), cancelled);
    }

    /** Runs the pull to its end; interrupted: cancelled, the workers stopped. */
    public void run() throws InterruptedException {
        Instant started = Instant.now();
        Map<String, StagingArea.Entry> done = area.completed();
        progress.planned(plan.requests().size());
        ExecutorService workers = Executors.newFixedThreadPool(plan.concurrency(), threads(plan.runId()));
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (Map.Entry<String, Request> request : plan.requests().entrySet()) {
                if (done.containsKey(request.getKey())) {
                    progress.skipped();
                    continue;
                }
                running.add(workers.submit(() -> {
                    if (mdc != null) {
                        MDC.setContextMap(mdc);
                    }
                    try {
                        fetch(request.getKey(), request.getValue());
                    } catch (RequestFailure failure) {
                        progress.failed(request.getKey(), failure.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) { // a disk or a bug, not the API: the request failed, the pull goes on
                        log.warn("Request {} failed", request.getKey(), e);
                        progress.failed(request.getKey(), e.toString());
                    } finally {
                        MDC.clear();
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause()); // the task catches everything; never here
                }
            }
        } finally {
            workers.shutdownNow();
            progress.publish();
            summarise(started);
            log.info("Pull {}: {} in {} ms", area.dir(), progress.snapshot(), Duration.between(started, Instant.now()).toMillis());
        }
        if (cancelled.getAsBoolean()) {
            throw new InterruptedException("the run was cancelled");
        }
    }

    private void fetch(String id, Request request) throws InterruptedException {
        MessageDigest digest = StagingArea.sha256();
        List<String> files = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        Map<String, String> pageParams = plan.pagination().first();
        URI link = null;
        for (int index = 0;; index++) {
            URI uri = link != null ? link : Urls.withQuery(request.url(), pageParams);
            plan.hosts().check(uri);
            HttpResponse<byte[]> response = fetcher.get(uri);
            int status = response.statusCode();
            if (plan.noDataStatuses().contains(status)) {
                log.info("Request {}: HTTP {} on page {}, read as no more data", id, status, index + 1);
                break;
            }
            if (status < 200 || status >= 300) {
                throw new RequestFailure("HTTP " + status + " on page " + (index + 1) + ": " + abbreviate(response.body()));
            }
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (JacksonException e) {
                throw new RequestFailure("page " + (index + 1) + " is not valid JSON: " + e.getOriginalMessage());
            }
            JsonNode page = Records.records(body, plan.recordsPath());
            String conflict = records.conflict(page);
            if (conflict != null) {
                throw new RequestFailure("page " + (index + 1) + " does not fit the pull's schema: " + conflict);
            }
            if (!page.isEmpty()) { // an empty page ends the request, and leaves no file
                StagingArea.Page staged = area.write(id, index + 1, page, digest);
                files.add(staged.file());
                rows += staged.rows();
                bytes += staged.bytes();
                progress.staged(staged.rows(), staged.bytes());
            }
            Optional<Pagination.Next> next = plan.pagination().next(index, page.size(), body, response.headers(), uri);
            if (next.isEmpty()) {
                break;
            }
            link = next.get().url();
            pageParams = next.get().params();
        }
        String status = files.isEmpty() ? StagingArea.Entry.NO_DATA : StagingArea.Entry.STAGED;
        area.record(new StagingArea.Entry(id, request.parameters(), status, files.size(), rows, bytes, StagingArea.hex(digest), files,
                Instant.now().toString(), plan.runId()));
        if (files.isEmpty()) {
            progress.noData();
        } else {
            progress.done();
        }
    }

    private void summarise(Instant started) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, StagingArea.Entry> done = area.completed();
        metadata.put("runId", plan.runId());
        metadata.put("startedAt", started.toString());
        metadata.put("finishedAt", Instant.now().toString());
        metadata.put("requests", plan.requests().size());
        metadata.put("requestsStaged", done.values().stream().filter(e -> e.status().equals(StagingArea.Entry.STAGED)).count());
        metadata.put("requestsNoData", done.values().stream().filter(e -> e.status().equals(StagingArea.Entry.NO_DATA)).count());
        metadata.put("pages", done.values().stream().mapToLong(StagingArea.Entry::pages).sum());
        metadata.put("rows", done.values().stream().mapToLong(StagingArea.Entry::rows).sum());
        metadata.put("bytes", done.values().stream().mapToLong(StagingArea.Entry::bytes).sum());
        metadata.put("thisRun", progress.snapshot());
        area.summarise(metadata);
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }

    private static ThreadFactory threads(String runId) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "sluice-pull-" + runId.substring(0, 8) + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
