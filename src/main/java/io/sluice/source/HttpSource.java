package io.sluice.source;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.codec.digest.DigestUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import io.sluice.problem.InvalidRequestException;
import io.sluice.source.http.FailurePolicy;
import io.sluice.source.http.HostAllowList;
import io.sluice.source.http.HttpPull;
import io.sluice.source.http.Pagination;
import io.sluice.source.http.Retention;
import io.sluice.source.http.RetryPolicy;
import io.sluice.source.http.StagingArea;
import io.sluice.source.http.Urls;
import io.sluice.table.TableName;
import io.swagger.v3.oas.annotations.media.Schema;
import io.sluice.source.http.PullStats;

/**
 * A paged JSON API, called once per parameter set, staged page by page under
 * {@code <staging root>/<name>/<endpoint>/<batch>/} and loaded from there with lineage columns. A rerun
 * of the same batch fetches only the requests the batch's manifest does not list as done.
 */
@Schema(description = "A paged JSON API: one request per parameter set, every page staged as it arrives, then loaded")
public record HttpSource(
        @Schema(description = "The API's name: the staging folder", example = "openf1") String name,
        @Schema(description = "The endpoint's name: the folder below name", example = "car_data") String endpoint,
        @Schema(description = "URL template on an allowed host; {param} placeholders take parameters, the other parameters go in the "
                + "query", example = "https://api.openf1.org/v1/car_data") String url,
        @Schema(description = "The fan-out: one request per parameter set") List<Map<String, Object>> parameters,
        @Schema(description = "The fan-out from an existing table: one request per distinct row of these columns")
        ParametersFrom parametersFrom,
        @Schema(description = "Fixed filters added to every request's query", example = "[\"speed>=100\"]") List<String> filters,
        Pagination pagination,
        @Schema(description = "Where a page's records are (dotted path); omitted: the body is the array of records", example = "data")
        String recordsPath,
        @Schema(description = "Spark DDL of the records; pages are checked against it and read with it. Omitted: inferred, and "
                + "pages are checked against the first page's field types", example = "session_key INT, driver_number INT, speed INT")
        String schema,
        @Schema(description = "The pull's identity: a rerun with the same batch resumes it, skipping requests staged before. "
                + "Default: a hash of url, parameters, filters and pagination; give one per pull (e.g. the date) for recurring loads")
        String batch,
        @Schema(description = "Requests in flight at once (default 4)", example = "8") Integer concurrency,
        @Schema(description = "Seconds to wait for each page (default 30)") Integer timeoutSeconds,
        Retry retry,
        @Schema(description = "Statuses that mean no data for this request (default [404, 422]): counted, no file staged")
        List<Integer> noDataStatuses,
        @Schema(description = "fail (default): any failed request fails the run; tolerate: load the rest and count the failures")
        FailurePolicy failurePolicy,
        @Schema(description = "keep or delete the batch's staged pages after a successful load; default from sluice.sources.http.retention")
        Retention retention) implements SourceSpec {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final int MAX_REQUESTS = 100_000;

    @Schema(description = "Parameter sets from a table: the distinct values of these columns")
    public record ParametersFrom(@Schema(example = "bronze.sessions") String table,
            @Schema(example = "[\"session_key\", \"driver_number\"]") List<String> columns) {
    }

    @Schema(description = "Retries of 5xx, 429, timeouts and connection failures, with exponential backoff and jitter")
    public record Retry(@Schema(description = "Attempts in all (default 5)") Integer maxAttempts,
            @Schema(description = "First backoff (default 500 ms)") Long initialBackoffMillis,
            @Schema(description = "Backoff cap (default 30000 ms)") Long maxBackoffMillis) {
    }

    @Override
    public void validate(SourceContext context) {
        InvalidRequestException.check(name != null && NAME.matcher(name).matches(), "source.name",
                "a name of letters, digits, '.', '_' and '-' is required (it names the staging folder)");
        InvalidRequestException.check(endpoint != null && NAME.matcher(endpoint).matches(), "source.endpoint",
                "an endpoint of letters, digits, '.', '_' and '-' is required (it names the staging folder)");
        InvalidRequestException.check(batch == null || NAME.matcher(batch).matches(), "source.batch",
                "a batch is letters, digits, '.', '_' and '-'");
        InvalidRequestException.check(url != null, "source.url", "a URL is required");
        URI sample;
        try {
            sample = URI.create(url.replaceAll("\\{[A-Za-z_][A-Za-z0-9_]*}", "x"));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("source.url", "not a URL: %s", e.getMessage());
        }
        hosts(context).check("source.url", sample);
        InvalidRequestException.check(parameters == null || parametersFrom == null, "source.parameters",
                "give parameters or parametersFrom, not both");
        if (parameters != null) {
            InvalidRequestException.check(parameters.size() <= MAX_REQUESTS, "source.parameters", "at most %d parameter sets", MAX_REQUESTS);
            for (int i = 0; i < parameters.size(); i++) {
                Map<String, Object> set = parameters.get(i);
                InvalidRequestException.check(set != null && set.values().stream().allMatch(v -> v instanceof String || v instanceof Number
                        || v instanceof Boolean), "source.parameters[" + i + "]", "a parameter set is an object of strings, numbers or booleans");
                InvalidRequestException.check(set.keySet().containsAll(Urls.placeholders(url)), "source.parameters[" + i + "]",
                        "the URL's placeholders %s need a value in every set", Urls.placeholders(url));
            }
        }
        if (parametersFrom != null) {
            TableName.parse("source.parametersFrom.table", parametersFrom.table());
            InvalidRequestException.check(parametersFrom.columns() != null && !parametersFrom.columns().isEmpty()
                    && parametersFrom.columns().stream().allMatch(c -> c != null && JdbcSource.COLUMN.matcher(c).matches()),
                    "source.parametersFrom.columns", "one or more column names are required");
        }
        InvalidRequestException.check(parameters != null || parametersFrom != null || Urls.placeholders(url).isEmpty(), "source.url",
                "the URL has placeholders but no parameters fill them");
        filters().forEach(filter -> Urls.checkFilter("source.filters", filter));
        pagination().validate("source.pagination");
        declaredSchema();
        int maxConcurrency = context.properties().http().maxConcurrency();
        InvalidRequestException.check(concurrency == null || concurrency >= 1 && concurrency <= maxConcurrency, "source.concurrency",
                "concurrency must be between 1 and %d", maxConcurrency);
        long maxTimeout = context.properties().http().maxTimeout().toSeconds();
        InvalidRequestException.check(timeoutSeconds == null || timeoutSeconds >= 1 && timeoutSeconds <= maxTimeout, "source.timeoutSeconds",
                "timeoutSeconds must be between 1 and %d", maxTimeout);
        InvalidRequestException.check(retry == null || retry.maxAttempts() == null || retry.maxAttempts() >= 1 && retry.maxAttempts() <= 10,
                "source.retry.maxAttempts", "maxAttempts must be between 1 and 10");
        InvalidRequestException.check(retry == null || (retry.initialBackoffMillis() == null || retry.initialBackoffMillis() >= 1)
                && (retry.maxBackoffMillis() == null || retry.maxBackoffMillis() >= 1 && retry.maxBackoffMillis() <= 300_000),
                "source.retry", "backoffs must be between 1 ms and 300000 ms");
        InvalidRequestException.check(noDataStatuses == null || noDataStatuses.stream().allMatch(s -> s != null && s >= 400 && s < 500),
                "source.noDataStatuses", "only 4xx statuses can mean no data");
    }

    @Override
    public Dataset<Row> read(ReadContext read) {
        StagingArea area = area(read.sources());
        FileListing.staging(read.sources().properties(), "source.batch").select(area.dir(), false); // pages are written there
        StructType declared = Schemas.optional("source.schema", schema).orElse(null);
        HttpPull.Plan plan = new HttpPull.Plan(read.runId().toString(), requests(read), pagination(), recordsPath, declared,
                concurrency == null ? 4 : concurrency, Duration.ofSeconds(timeoutSeconds == null ? 30 : timeoutSeconds), retryPolicy(),
                Set.copyOf(noDataStatuses == null ? List.of(404, 422) : noDataStatuses), hosts(read.sources()));
        try {
            new HttpPull(plan, area, read.progress(), read.cancelled()).run();
        } catch (InterruptedException e) {
            // A cancel is no interrupt of this thread: left set, the flag makes the run's next ledger write close H2's
            // file channel (ClosedByInterruptException), and with it the ledger's database.
            if (!read.cancelled().getAsBoolean()) {
                Thread.currentThread().interrupt();
            }
            throw new SourceFailedException("the pull stopped: the run was cancelled", e);
        }
        PullStats stats = read.progress().snapshot();
        if (stats.requestsFailed() > 0 && failurePolicy != FailurePolicy.TOLERATE) {
            throw new SourceFailedException("%d of %d requests failed (first: %s: %s); nothing was loaded. The %d staged requests are kept: "
                    .formatted(stats.requestsFailed(), stats.requestsTotal(), stats.failures().get(0).request(), stats.failures().get(0).reason(),
                            stats.requestsDone() + stats.requestsSkipped())
                    + "a rerun of batch " + batch(read.sources()) + " fetches only the rest");
        }
        return StagedLoad.read(read, List.of(area), declared);
    }

    /** Retention: delete the batch's pages once its rows are committed (or keep them for a staging source). */
    @Override
    public void loaded(ReadContext read) {
        Retention effective = retention != null ? retention : read.sources().properties().http().retention();
        if (effective == Retention.DELETE) {
            area(read.sources()).delete();
        }
    }

    /** The data's schema as declared (without the lineage columns). */
    @Override
    public Optional<StructType> declaredSchema() {
        return Schemas.optional("source.schema", schema).map(StagedLoad::withLineage);
    }

    @Override
    public String describe() {
        int sets = parameters == null ? 1 : parameters.size();
        return "http %s/%s %s (%s)".formatted(name, endpoint, url, parametersFrom != null ? "parameters from " + parametersFrom.table()
                : sets + (sets == 1 ? " parameter set" : " parameter sets"));
    }

    @Override
    public String typeName() {
        return "http";
    }

    public List<String> filters() {
        return filters == null ? List.of() : filters;
    }

    public Pagination pagination() {
        return pagination == null ? Pagination.NONE : pagination;
    }

    StagingArea area(SourceContext context) {
        return StagingArea.of(context.properties().http().stagingRoot(), name, endpoint, batch(context));
    }

    /** The batch given, or a hash of what identifies the pull (not its limits: a rerun with other limits resumes it). */
    String batch(SourceContext context) {
        if (batch != null) {
            return batch;
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("url", url);
        identity.put("parameters", parameters);
        identity.put("parametersFrom", parametersFrom);
        identity.put("filters", filters());
        identity.put("pagination", pagination());
        identity.put("recordsPath", recordsPath);
        return "h" + DigestUtils.sha256Hex(identity.toString()).substring(0, 16);
    }

    private HostAllowList hosts(SourceContext context) {
        return new HostAllowList(context.properties().http().allowedHosts());
    }

    private RetryPolicy retryPolicy() {
        Retry r = retry == null ? new Retry(null, null, null) : retry;
        return new RetryPolicy(r.maxAttempts() == null ? 5 : r.maxAttempts(),
                Duration.ofMillis(r.initialBackoffMillis() == null ? 500 : r.initialBackoffMillis()),
                Duration.ofMillis(r.maxBackoffMillis() == null ? 30_000 : r.maxBackoffMillis()));
    }

    /** One request per distinct parameter set, by request id, in order. */
    private Map<String, HttpPull.Request> requests(ReadContext read) {
        List<Map<String, String>> sets = new ArrayList<>();
        if (parametersFrom != null) {
            sets.addAll(ParameterTable.rows(read.session(), parametersFrom.table(), parametersFrom.columns(), MAX_REQUESTS));
        } else if (parameters != null) {
            parameters.forEach(set -> {
                Map<String, String> text = new LinkedHashMap<>();
                set.forEach((k, v) -> text.put(k, String.valueOf(v)));
                sets.add(text);
            });
        } else {
            sets.add(Map.of());
        }
        Map<String, HttpPull.Request> requests = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map<String, String> set : sets) {
            String id = StagingArea.requestId(set);
            if (seen.add(id)) {
                requests.put(id, new HttpPull.Request(set, Urls.expand(url, set, filters())));
            }
        }
        return requests;
    }
}
