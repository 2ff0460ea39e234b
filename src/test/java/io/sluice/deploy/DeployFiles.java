package io.sluice.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/** The deployment files as the tests read them, from the project's root (the tests' working directory). */
final class DeployFiles {

    /** How long a run cancelled at shutdown gets to stop its Spark jobs and record itself (RunShutdown.CANCEL_WAIT). */
    static final long CANCEL_WAIT_SECONDS = 10;
    /** What a grace period must leave beyond Sluice's own shutdown: the JVM's and Spark's own hooks. */
    static final long MARGIN_SECONDS = 15;

    private DeployFiles() {
    }

    static String text(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> yaml(String path) {
        return new Yaml().load(text(path));
    }

    static List<Map<String, Object>> yamlDocuments(String path) {
        List<Map<String, Object>> documents = new java.util.ArrayList<>();
        new Yaml().loadAll(text(path)).forEach(document -> documents.add(map(document)));
        return documents;
    }

    /** A nested value by its keys; a missing key is an assertion error naming the path. */
    static Object at(Object yaml, String... keys) {
        Object node = yaml;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError("no " + String.join(".", keys) + " (missing " + key + ")");
            }
            node = map.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return (List<Object>) node;
    }

    /**
     * The longest Sluice's own shutdown takes, from its configuration: queued runs are cancelled at once, running ones get
     * {@code sluice.runs.shutdown-grace-seconds} and the cancel wait, then each of Spring's shutdown phases (the web
     * server's drain of open requests) up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
     */
    static long shutdownSeconds() {
        Map<String, Object> config = yaml("src/main/resources/application.yml");
        long grace = ((Number) at(config, "sluice", "runs", "shutdown-grace-seconds")).longValue();
        long phase = seconds(String.valueOf(at(config, "spring", "lifecycle", "timeout-per-shutdown-phase")));
        return grace + CANCEL_WAIT_SECONDS + phase;
    }

    /** A duration as Spring and Docker write it: 45s, 2m, 1m30s. */
    static long seconds(String text) {
        Matcher part = Pattern.compile("(\\d+)([hms])").matcher(text);
        long seconds = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            seconds += Long.parseLong(part.group(1)) * switch (part.group(2)) {
                case "h" -> 3600;
                case "m" -> 60;
                default -> 1;
            };
            end = part.end();
        }
        if (end != text.length() || end == 0) {
            throw new AssertionError("not a duration: " + text);
        }
        return seconds;
    }

    /** The MaxRAMPercentage of the image's JAVA_OPTS. */
    static double maxRamPercentage() {
        Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(text("Dockerfile"));
        if (!percentage.find()) {
            throw new AssertionError("the Dockerfile sets no -XX:MaxRAMPercentage");
        }
        return Double.parseDouble(percentage.group(1));
    }
}
