package io.sluice.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loopback HTTP server serving deterministic OpenF1-shaped data, so HTTP-source tests exercise real
 * sockets, pagination styles and injected faults without touching the internet.
 */
public final class FakeApi implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add ~40 ms to every response (measured), which no real API server does.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2023-09-16T13:00:00Z");
    // OpenF1 prints microseconds and an explicit +00:00 offset.
    private static final DateTimeFormatter OPENF1_TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);
    private static final String[] COMPOUNDS = {"SOFT", "MEDIUM", "HARD"};
    private static final byte[] TRUNCATED = "[{\"date\": \"2023-".getBytes(StandardCharsets.UTF_8);

    private final int recordsPerPage;
    private final int pagesPerRequest;
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile int latencyMillis;
    private volatile CountDownLatch held = new CountDownLatch(0);

    private final AtomicInteger hits = new AtomicInteger();
    private final Queue<Hit> hitLog = new ConcurrentLinkedQueue<>();

    // Fault tables keyed by key(path, session, driver, page).
    private final Map<String, Queue<Failure>> failures = new ConcurrentHashMap<>();
    private final Set<String> malformedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> conflictingKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> hangMillis = new ConcurrentHashMap<>();

    private record Hit(String path, Map<String, String> params) {}

    /** A status fault served while it has uses left; Integer.MAX_VALUE never counts down. */
    private record Failure(int status, Integer retryAfterSeconds, AtomicInteger remaining) {
        boolean take() {
            return remaining.getAndUpdate(r -> r == Integer.MAX_VALUE ? r : Math.max(0, r - 1)) > 0;
        }
    }

    private record Reply(int status, Map<String, String> headers, byte[] body) {}

    /** Invalid query parameters; answered with 400. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private FakeApi(int recordsPerPage, int pagesPerRequest) throws IOException {
        this.recordsPerPage = recordsPerPage;
        this.pagesPerRequest = pagesPerRequest;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 256);
        // Daemon threads so a forgotten close() never keeps the test JVM alive.
        this.executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "fake-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public static FakeApi start(int recordsPerPage, int pagesPerRequest) {
        if (recordsPerPage < 1 || pagesPerRequest < 0) {
            throw new IllegalArgumentException("recordsPerPage must be >= 1 and pagesPerRequest >= 0");
        }
        try {
            return new FakeApi(recordsPerPage, pagesPerRequest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FakeApi latencyMillis(int ms) {
        this.latencyMillis = ms;
        return this;
    }

    /** Holds every request until {@link #release()}: whoever pulls from this API stays mid-run, for as long as a test needs. */
    public FakeApi hold() {
        held = new CountDownLatch(1);
        return this;
    }

    public void release() {
        held.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    public int hits() {
        return hits.get();
    }

    public int hits(String path, Map<String, String> params) {
        return (int) hitLog.stream()
                .filter(h -> h.path().equals(path))
                .filter(h -> params.entrySet().stream().allMatch(e -> e.getValue().equals(h.params().get(e.getKey()))))
                .count();
    }

    /** Waits until the first request has arrived: whoever pulls from this API has begun. */
    public void awaitFirstHit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hits.get() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no request within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    public void resetHits() {
        hits.set(0);
        hitLog.clear();
    }

    // ---- fault injection -------------------------------------------------------------------

    public FakeApi failWith(String path, int sessionKey, int driverNumber, int page, int status, int times) {
        addFailure(key(path, sessionKey, driverNumber, page), new Failure(status, null, new AtomicInteger(times)));
        return this;
    }

    public FakeApi tooManyRequests(String path, int sessionKey, int driverNumber, int page, int retryAfterSeconds) {
        addFailure(key(path, sessionKey, driverNumber, page), new Failure(429, retryAfterSeconds, new AtomicInteger(1)));
        return this;
    }

    public FakeApi malformed(String path, int sessionKey, int driverNumber, int page) {
        malformedKeys.add(key(path, sessionKey, driverNumber, page));
        return this;
    }

    public FakeApi conflictingSchema(String path, int sessionKey, int driverNumber, int page) {
        conflictingKeys.add(key(path, sessionKey, driverNumber, page));
        return this;
    }

    public FakeApi hang(String path, int sessionKey, int driverNumber, int page, int millis) {
        hangMillis.put(key(path, sessionKey, driverNumber, page), millis);
        return this;
    }

    private void addFailure(String key, Failure failure) {
        // A queue, so several faults on one page are served in registration order.
        failures.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(failure);
    }

    private static String key(String path, int sessionKey, int driverNumber, int page) {
        return path + "|" + sessionKey + "|" + driverNumber + "|" + page;
    }

    /** Applies hang/failure/malformed faults for a page; null means "answer normally". */
    private Reply fault(String path, int s, int d, int page) {
        String key = key(path, s, d, page);
        Integer hang = hangMillis.get(key);
        if (hang != null) {
            sleep(hang);
        }
        Queue<Failure> queue = failures.get(key);
        if (queue != null) {
            for (Failure f : queue) {
                if (f.take()) {
                    return f.retryAfterSeconds() != null
                            ? new Reply(429, Map.of("Retry-After", String.valueOf(f.retryAfterSeconds())),
                                    json(Map.of("detail", "Too many requests")))
                            : error(f.status(), "Injected failure " + f.status());
                }
            }
        }
        if (malformedKeys.contains(key)) {
            return new Reply(200, Map.of(), TRUNCATED);
        }
        return null;
    }

    // ---- request handling ------------------------------------------------------------------

    private void serve(HttpExchange ex) {
        try {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery());
            hits.incrementAndGet();
            hitLog.add(new Hit(path, q));
            held.await();
            sleep(latencyMillis);
            Reply reply;
            try {
                reply = switch (path) {
                    case "/v1/car_data" -> serveCarData(q);
                    case "/v1/laps" -> serveLaps(q);
                    case "/v1/stints" -> serveStints(q);
                    case "/v1/pit" -> servePit(q);
                    default -> error(404, "Not found");
                };
            } catch (BadRequest e) {
                reply = error(400, e.getMessage());
            }
            send(ex, reply);
        } catch (IOException | RuntimeException | InterruptedException e) {
            try {
                send(ex, error(500, String.valueOf(e)));
            } catch (IOException | RuntimeException ignored) {
                // Headers were probably sent already; the client sees a broken response.
            }
        } finally {
            ex.close();
        }
    }

    private Reply serveCarData(Map<String, String> q) {
        int s = requiredInt(q, "session_key");
        int d = requiredInt(q, "driver_number");
        int page = optionalInt(q, "page", 1);
        if (page < 1) {
            throw new BadRequest("page must be >= 1");
        }
        Reply f = fault("/v1/car_data", s, d, page);
        if (f != null) {
            return f;
        }
        // as a real API does: filter the request's records first, then cut the result into pages
        List<Map<String, Object>> all = new ArrayList<>();
        for (int n = 0; n < pagesPerRequest * recordsPerPage; n++) {
            all.add(carRecord(s, d, n));
        }
        all = applyFilters(all, q);
        int from = Math.min(all.size(), (page - 1) * recordsPerPage);
        List<Map<String, Object>> out = new ArrayList<>(all.subList(from, Math.min(all.size(), from + recordsPerPage)));
        if (conflictingKeys.contains(key("/v1/car_data", s, d, page))) {
            out.forEach(r -> r.put("speed", "fast"));
        }
        return ok(out);
    }

    private Reply serveLaps(Map<String, String> q) {
        int s = requiredInt(q, "session_key");
        int d = requiredInt(q, "driver_number");
        int offset = optionalInt(q, "offset", 0);
        int limit = optionalInt(q, "limit", recordsPerPage);
        if (offset < 0 || limit < 1) {
            throw new BadRequest("offset must be >= 0 and limit >= 1");
        }
        int page = offset / limit + 1;
        Reply f = fault("/v1/laps", s, d, page);
        if (f != null) {
            return f;
        }
        int total = recordsPerPage * pagesPerRequest;
        int end = (int) Math.min((long) offset + limit, total);
        boolean conflicting = conflictingKeys.contains(key("/v1/laps", s, d, page));
        List<Map<String, Object>> data = new ArrayList<>();
        for (int n = offset; n < end; n++) {
            Map<String, Object> r = lapRecord(s, d, n);
            if (conflicting) {
                r.put("lap_duration", "fast");
            }
            data.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("total", total);
        return ok(body);
    }

    private Reply serveStints(Map<String, String> q) {
        int s = requiredInt(q, "session_key");
        int d = requiredInt(q, "driver_number");
        int cursor = parseInt("cursor", q.getOrDefault("cursor", "0"));
        if (cursor < 0) {
            throw new BadRequest("cursor must be >= 0");
        }
        int page = cursor + 1;
        Reply f = fault("/v1/stints", s, d, page);
        if (f != null) {
            return f;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", pageOf(page, n -> stintRecord(s, d, n)));
        body.put("next", page < pagesPerRequest
                ? baseUrl() + "/v1/stints?session_key=" + s + "&driver_number=" + d + "&cursor=" + (cursor + 1)
                : null);
        return ok(body);
    }

    private Reply servePit(Map<String, String> q) {
        int s = requiredInt(q, "session_key");
        int d = requiredInt(q, "driver_number");
        String after = q.get("after");
        int page = 1;
        if (after != null) {
            if (!after.matches("p\\d{1,9}")) {
                throw new BadRequest("bad cursor: " + after);
            }
            page = Integer.parseInt(after.substring(1));
        }
        Reply f = fault("/v1/pit", s, d, page);
        if (f != null) {
            return f;
        }
        Map<String, String> headers = page < pagesPerRequest ? Map.of("X-Next-Cursor", "p" + (page + 1)) : Map.of();
        return new Reply(200, headers, json(pageOf(page, n -> pitRecord(s, d, n))));
    }

    /** Records of a 1-based page, or empty past the last page. */
    private List<Map<String, Object>> pageOf(int page, IntFunction<Map<String, Object>> gen) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (page >= 1 && page <= pagesPerRequest) {
            for (int i = 0; i < recordsPerPage; i++) {
                out.add(gen.apply((page - 1) * recordsPerPage + i));
            }
        }
        return out;
    }

    /** OpenF1 comparison filters: "field>=v" parses to name "field>", "field<=v" to "field<". */
    private static List<Map<String, Object>> applyFilters(List<Map<String, Object>> records, Map<String, String> q) {
        List<Map<String, Object>> out = new ArrayList<>(records);
        for (Map.Entry<String, String> e : q.entrySet()) {
            String name = e.getKey();
            if (name.length() < 2 || !(name.endsWith(">") || name.endsWith("<"))) {
                continue;
            }
            String field = name.substring(0, name.length() - 1);
            boolean atLeast = name.endsWith(">");
            String wanted = e.getValue();
            out.removeIf(r -> {
                Object v = r.get(field);
                if (v == null) {
                    return true;
                }
                int cmp = compare(v, wanted);
                return atLeast ? cmp < 0 : cmp > 0;
            });
        }
        return out;
    }

    /** Numeric comparison when both sides are numbers, otherwise lexicographic (fine for ISO dates). */
    private static int compare(Object value, String wanted) {
        if (value instanceof Number num) {
            try {
                return Double.compare(num.doubleValue(), Double.parseDouble(wanted));
            } catch (NumberFormatException ignored) {
                // fall through to string comparison
            }
        }
        return String.valueOf(value).compareTo(wanted);
    }

    // ---- deterministic data ----------------------------------------------------------------

    public static List<Map<String, Object>> carData(int sessionKey, int driverNumber, int recordsPerPage, int pagesPerRequest) {
        return all(recordsPerPage * pagesPerRequest, n -> carRecord(sessionKey, driverNumber, n));
    }

    public static List<Map<String, Object>> laps(int sessionKey, int driverNumber, int recordsPerPage, int pagesPerRequest) {
        return all(recordsPerPage * pagesPerRequest, n -> lapRecord(sessionKey, driverNumber, n));
    }

    public static List<Map<String, Object>> stints(int sessionKey, int driverNumber, int recordsPerPage, int pagesPerRequest) {
        return all(recordsPerPage * pagesPerRequest, n -> stintRecord(sessionKey, driverNumber, n));
    }

    public static List<Map<String, Object>> pit(int sessionKey, int driverNumber, int recordsPerPage, int pagesPerRequest) {
        return all(recordsPerPage * pagesPerRequest, n -> pitRecord(sessionKey, driverNumber, n));
    }

    private static List<Map<String, Object>> all(int total, IntFunction<Map<String, Object>> gen) {
        List<Map<String, Object>> out = new ArrayList<>(total);
        for (int n = 0; n < total; n++) {
            out.add(gen.apply(n));
        }
        return out;
    }

    private static Map<String, Object> carRecord(int s, int d, int n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("meeting_key", 1219);
        r.put("session_key", s);
        r.put("driver_number", d);
        r.put("date", timestamp(n * 270L));
        r.put("rpm", 10000 + n);
        r.put("speed", (d * 7 + n * 13) % 330);
        r.put("n_gear", 1 + n % 8);
        r.put("throttle", n % 101);
        r.put("brake", n % 5 == 0 ? 100 : 0);
        r.put("drs", n % 3 == 0 ? 12 : 8);
        return r;
    }

    private static Map<String, Object> lapRecord(int s, int d, int n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("meeting_key", 1219);
        r.put("session_key", s);
        r.put("driver_number", d);
        r.put("lap_number", n + 1);
        r.put("lap_duration", 90.0 + (n % 7) * 0.5 + d * 0.01);
        r.put("is_pit_out_lap", n == 0);
        r.put("date_start", timestamp(n * 90_000L));
        return r;
    }

    private static Map<String, Object> stintRecord(int s, int d, int n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("session_key", s);
        r.put("driver_number", d);
        r.put("stint_number", n + 1);
        r.put("compound", COMPOUNDS[n % 3]);
        r.put("lap_start", n * 10 + 1);
        r.put("lap_end", n * 10 + 10);
        return r;
    }

    private static Map<String, Object> pitRecord(int s, int d, int n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("session_key", s);
        r.put("driver_number", d);
        r.put("lap_number", n + 1);
        r.put("pit_duration", 20.0 + n % 4);
        return r;
    }

    private static String timestamp(long millisAfterStart) {
        return OPENF1_TS.format(T0.plusMillis(millisAfterStart));
    }

    // ---- plumbing --------------------------------------------------------------------------

    /** Splits the raw query ourselves so names like "speed>" (from "speed>=150") survive intact. */
    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            out.put(decode(name), decode(value));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // malformed %-escape: keep it raw rather than fail the request
        }
    }

    private static int requiredInt(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            throw new BadRequest("missing " + name);
        }
        return parseInt(name, v);
    }

    private static int optionalInt(Map<String, String> q, String name, int dflt) {
        String v = q.get(name);
        return v == null ? dflt : parseInt(name, v);
    }

    private static int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be an integer: " + v);
        }
    }

    private static Reply ok(Object body) {
        return new Reply(200, Map.of(), json(body));
    }

    private static Reply error(int status, String detail) {
        return new Reply(status, Map.of(), json(Map.of("detail", detail)));
    }

    private static byte[] json(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(reply.body());
        }
    }

    private static void sleep(int millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // server is shutting down; answer and let close() finish
        }
    }
}
