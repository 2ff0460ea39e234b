package io.sluice.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * P9, start to first run ({@code ./mvnw -Pbench-start verify}): the built jar started as a user would, then a 1,000-row
 * append (P1's) submitted as soon as the service takes it, until it is SUCCEEDED. Plain {@code java -jar} and the
 * extracted jar with its class data sharing archive (as the image runs it), each on a fresh data directory and on the one
 * an earlier start left (its ledger and table). Also when readiness turned UP. Writes target/bench/start-results.md.
 */
class StartBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final int samples = Integer.getInteger("bench.p9.samples", 3);

    @Test
    void p9StartToFirstRun() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "bench-start-" + Bench.shortId()));
        String request = """
                {"table": "bench.p9", "strategy": "append", "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(IngestionBench.SCHEMA, Bench.p1Rows());
        List<String> rows = new ArrayList<>();
        for (boolean executableJar : new boolean[] { true, false }) {
            String how = executableJar ? "`java -jar` (executable jar)" : "extracted jar with its CDS archive (as the image runs it)";
            if (!executableJar) { // the first start trains the archive (as the image build does): not a start a user waits for
                start(dir.resolve("cds-training"), dir.resolve("p9.log"), false, request);
            }
            for (boolean fresh : new boolean[] { true, false }) {
                List<Double> firstRun = new ArrayList<>();
                List<Double> ready = new ArrayList<>();
                List<Double> accepted = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    // an existing directory: the one the first fresh start left, with its ledger and table
                    Path data = dir.resolve((executableJar ? "jar" : "cds") + "-fresh-" + (fresh ? i : 0));
                    Start start = start(data, dir.resolve("p9.log"), executableJar, request);
                    firstRun.add(start.firstRun());
                    ready.add(start.ready());
                    accepted.add(start.accepted());
                }
                rows.add(String.format(Locale.ROOT, "| P9 %s, %s data directory | %.1f s | readiness %.1f s, accepted %.1f s | %s |", how,
                        fresh ? "a fresh" : "an existing", Bench.median(firstRun), Bench.median(ready), Bench.median(accepted),
                        "first run " + Bench.format(firstRun) + "; ready " + Bench.format(ready)));
            }
        }
        String result = "Measured %s on %d cores, Java %s, %d starts each (medians).%n%n| case | start to first run SUCCEEDED | | samples |%n|---|---|---|---|%n%s%n"
                .formatted(OffsetDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                        samples, String.join("\n", rows));
        Path out = Files.createDirectories(Path.of("target", "bench")).resolve("start-results.md");
        Files.writeString(out, result);
        System.out.println(result);
    }

    /** Seconds from the process start to: readiness UP, the submission accepted (202), the run SUCCEEDED. */
    record Start(double ready, double accepted, double firstRun) {
    }

    private static Start start(Path data, Path log, boolean executableJar, String request) throws Exception {
        ServiceProcess process = new ServiceProcess(data, log);
        if (executableJar) {
            process.executableJar();
        }
        long t0 = System.nanoTime();
        try (ServiceProcess service = process.start()) {
            double ready = -1;
            String id = null;
            while (id == null) {
                if (ready < 0 && status(service, "GET", "/actuator/health/readiness", null) == 200) {
                    ready = seconds(t0);
                }
                HttpResponse<String> submitted = sendQuietly(service, request);
                if (submitted != null && submitted.statusCode() == 202) {
                    id = JSON.readTree(submitted.body()).get("id").asString();
                } else {
                    Thread.sleep(100);
                }
            }
            double accepted = seconds(t0);
            JsonNode run = service.awaitEnd(id, Duration.ofMinutes(5));
            double firstRun = seconds(t0);
            if (!run.get("status").asString().equals("SUCCEEDED")) {
                throw new IllegalStateException("the first run did not succeed: " + run);
            }
            if (ready < 0) {
                ready = firstRun; // readiness was already UP when the run was submitted: at most this
            }
            return new Start(ready, accepted, firstRun);
        }
    }

    private static int status(ServiceProcess service, String method, String path, String body) {
        try {
            return service.send(method, path, body).statusCode();
        } catch (Exception notListeningYet) {
            return -1;
        }
    }

    private static HttpResponse<String> sendQuietly(ServiceProcess service, String request) {
        try {
            return service.send("POST", "/api/v1/runs", request);
        } catch (Exception notListeningYet) {
            return null;
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
