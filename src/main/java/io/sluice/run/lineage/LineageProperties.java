package io.sluice.run.lineage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sluice.lineage}: OpenLineage events for every run (docs/lineage.md). {@code transport} none (the default) emits
 * nothing; http posts to {@code url} + {@code endpoint} (Marquez's {@code /api/v1/lineage}) with an optional
 * {@code api-key} (a bearer token) and {@code headers}, each event waiting at most {@code timeout}; file appends one
 * event a line to {@code file}; console logs them. {@code namespace} is the jobs' namespace. At most {@code queue-capacity}
 * events wait to be sent; more are dropped with a warning, so a slow receiver never holds a run.
 */
@ConfigurationProperties("sluice.lineage")
public record LineageProperties(
        @DefaultValue("none") LineageTransport transport,
        @DefaultValue("sluice") String namespace,
        URI url,
        @DefaultValue("/api/v1/lineage") String endpoint,
        String apiKey,
        Map<String, String> headers,
        @DefaultValue("5s") Duration timeout,
        Path file,
        @DefaultValue("1000") int queueCapacity) {

    public LineageProperties {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("sluice.lineage.namespace is blank: give the jobs' namespace (default sluice)");
        }
        if (transport == LineageTransport.HTTP && url == null) {
            throw new IllegalArgumentException("sluice.lineage.url is required with sluice.lineage.transport=http: "
                    + "the receiver's base URL, such as http://marquez:5000");
        }
        if (url != null && !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("sluice.lineage.url is " + url + ": give an http:// or https:// URL");
        }
        if (transport == LineageTransport.FILE && file == null) {
            throw new IllegalArgumentException("sluice.lineage.file is required with sluice.lineage.transport=file: the file events are appended to");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sluice.lineage.timeout is " + timeout + ": give a positive duration");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("sluice.lineage.queue-capacity is " + queueCapacity + ": give at least 1");
        }
    }

    @Override
    public String toString() { // never the key or the headers' values, wherever the properties are printed
        return "LineageProperties[transport=" + transport + ", namespace=" + namespace + ", url=" + url + ", endpoint=" + endpoint
                + ", apiKey=" + (apiKey == null ? null : "***") + ", headers=" + headers.keySet() + ", timeout=" + timeout + ", file=" + file
                + ", queueCapacity=" + queueCapacity + "]";
    }

    /** The properties of an http transport to {@code url}, the other settings at their defaults: for tests and examples. */
    public static LineageProperties http(URI url) {
        return new LineageProperties(LineageTransport.HTTP, "sluice", url, "/api/v1/lineage", null, Map.of(), Duration.ofSeconds(5), null,
                1000);
    }
}
