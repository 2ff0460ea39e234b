package io.sluice.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar as its own process, started as a user would: extracted and with a class data sharing archive
 * ({@link CdsArchive}, trained on first use) as the Docker image runs it, or the executable jar itself
 * with plain {@code java -jar} ({@link #executableJar()}, and whenever the build left no extracted jar). The JVM options
 * of {@code sluice.service.jvm-options} go first: the process ITs start it with the C1 compiler alone (pom.xml,
 * {@code service.jvm.options}).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The operator key the process is started with; every request sends it. */
    private static final String KEY = "process-tests-operator-key";

    private final Path dataDir;
    private final Path log;
    private final List<String> arguments;
    private final int port;
    private boolean executableJar;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    public ServiceProcess(Path dataDir, Path log, String... arguments) throws IOException {
        this.dataDir = dataDir;
        this.log = log;
        this.arguments = List.of(arguments);
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    /** Runs the executable jar (its nested jars are what a cluster's executors get: ExecutorJars), not the extracted one. */
    public ServiceProcess executableJar() {
        executableJar = true;
        return this;
    }

    public ServiceProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g"));
        for (String option : System.getProperty("sluice.service.jvm-options", "").split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        // as in the tests' configuration: no maintenance run the test did not ask for; an argument turns it on (it wins over -D)
        command.add("-Dsluice.maintenance.auto.enabled=false");
        Path jar = Path.of(System.getProperty("sluice.jar"));
        Path cds = Path.of(System.getProperty("sluice.cds.dir", "absent"));
        Optional<Path> archive = executableJar ? Optional.empty() : CdsArchive.trained(cds, cds.resolve(jar.getFileName()), command);
        if (archive.isPresent()) {
            command.add("-XX:SharedArchiveFile=" + archive.get());
            jar = cds.resolve(jar.getFileName());
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port, "--sluice.data-dir=" + dataDir, "--sluice.runs.shutdown-grace-seconds=1",
                "--sluice.security.api-keys[0].name=process-tests", "--sluice.security.api-keys[0].key=" + KEY,
                "--sluice.security.api-keys[0].role=operator"));
        command.addAll(arguments);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return this;
    }

    /** Waits for readiness (engine warm, ledger up). */
    public ServiceProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (send("GET", "/actuator/health/readiness", null).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not ready within " + timeout + "; see " + log);
    }

    /** Waits for the process to end by itself (a fault-injection halt); answers its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the service did not exit within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** POSTs with an Idempotency-Key header. */
    public HttpResponse<String> post(String path, String body, String idempotencyKey) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey).header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits (long-polling) until the run is neither QUEUED nor RUNNING; answers it. */
    public JsonNode awaitEnd(String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode run = json("GET", "/api/v1/runs/" + id + "?waitSeconds=20", null);
            String status = run.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + id + " still " + status + " after " + timeout + "; see " + log);
            }
        }
    }

    /** The table's rows (its preview, up to 100) as "value:value:…" in the order of {@code columns}, sorted. */
    public List<String> rows(String table, String... columns) throws IOException, InterruptedException {
        List<String> rows = new ArrayList<>();
        json("GET", "/api/v1/tables/" + table + "/preview?limit=100", null).get("rows").forEach(row -> rows.add(
                Arrays.stream(columns).map(column -> row.get(column).asString()).collect(Collectors.joining(":"))));
        rows.sort(null);
        return rows;
    }

    /** The service's data directory: its default file root is the {@code inbox} in it. */
    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGSTOP: the process stands still where it is (as in a long GC pause or a frozen VM); nothing runs until {@link #resume}. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a paused process goes on where it stood. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, KEY);
    }

    /** As another caller: with one of the keys given as arguments, or anonymously with {@code key} null. */
    public HttpResponse<String> send(String method, String path, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        return JSON.readTree(send(method, path, body).body());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            try {
                resume(); // a paused process would not act on SIGTERM
            } catch (IOException e) {
                // it ends below anyway
            }
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
