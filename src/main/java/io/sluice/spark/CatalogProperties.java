package io.sluice.spark;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the engine keeps its catalog (docs/catalog.md). No {@code metastoreUris}: the embedded Derby metastore under
 * {@code sluice.data-dir}, one process only. With them: a shared Hive metastore service, {@code thrift://host:port}
 * each, tried in order, which other engines (Spark, Trino) use at the same time. {@code clientSocketTimeout} bounds
 * every metastore call (connect and read); {@code connectRetries} is how often the client tries the addresses before
 * a call fails. Raw {@code spark.hadoop.hive.metastore.*} entries in {@code sluice.spark.conf} still win.
 */
@ConfigurationProperties("sluice.catalog")
public record CatalogProperties(
        List<String> metastoreUris,
        @DefaultValue("60s") Duration clientSocketTimeout,
        @DefaultValue("3") int connectRetries) {

    /** The setting a metastore address given as a raw Spark setting lives under. */
    static final String RAW_URIS = "spark.hadoop.hive.metastore.uris";

    public CatalogProperties {
        metastoreUris = metastoreUris == null ? List.of() : metastoreUris.stream().map(String::strip).filter(uri -> !uri.isEmpty()).toList();
        metastoreUris.forEach(CatalogProperties::checkUri);
        check(clientSocketTimeout.toSeconds() >= 1, "sluice.catalog.client-socket-timeout must be at least 1s, not %s", clientSocketTimeout);
        check(connectRetries >= 1, "sluice.catalog.connect-retries must be at least 1, not %s", connectRetries);
    }

    /** The embedded Derby metastore with the default timeouts. */
    public static CatalogProperties embedded() {
        return new CatalogProperties(List.of(), Duration.ofSeconds(60), 3);
    }

    public boolean shared() {
        return !metastoreUris.isEmpty();
    }

    /** The Hive client settings these properties stand for, as Spark settings. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        // Hive's default, 600s, is both the connect and the read timeout of each metastore call: a metastore address that
        // never answers held a run (and the warm-up's attempt) for ten minutes per call.
        settings.put("spark.hadoop.hive.metastore.client.socket.timeout", clientSocketTimeout.toSeconds() + "s");
        if (shared()) {
            settings.put(RAW_URIS, String.join(",", metastoreUris));
            settings.put("spark.hadoop.hive.metastore.connect.retries", Integer.toString(connectRetries));
        }
        return settings;
    }

    /** The property to name when the metastore at an address cannot be reached: where the address came from. */
    static String uriProperty(Map<String, String> sparkConf) {
        return sparkConf.containsKey(RAW_URIS) ? "sluice.spark.conf.[" + RAW_URIS + "]" : "sluice.catalog.metastore-uris";
    }

    private static void checkUri(String text) {
        // Spring leaves an unset environment variable's placeholder as it is (the shared-catalog profile's)
        check(!text.startsWith("${"), "sluice.catalog.metastore-uris is not set (%s): give the metastore service's thrift://host:port",
                text);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        // Hive's client would take a typo for "no such metastore" and retry it on every call; refuse it at start-up.
        check(uri != null && "thrift".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
                && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null,
                "sluice.catalog.metastore-uris: '%s' is not a thrift://host:port address", text);
    }

    private static void check(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(message.formatted(args));
        }
    }
}
