package io.sluice.run.lineage;

import java.util.LinkedHashMap;
import java.util.Map;

import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.ConsoleTransport;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;

/** The OpenLineage client's own transports, configured from {@link LineageProperties}. */
public final class LineageTransports {

    private LineageTransports() {
    }

    /** The transport the properties name; null for none. */
    public static Transport create(LineageProperties properties) {
        return switch (properties.transport()) {
            case NONE -> null;
            case CONSOLE -> new ConsoleTransport();
            case FILE -> new FileTransport(new FileConfig(properties.file().toAbsolutePath().toString()));
            case HTTP -> new HttpTransport(http(properties));
        };
    }

    static HttpConfig http(LineageProperties properties) {
        HttpConfig config = new HttpConfig();
        config.setUrl(properties.url());
        config.setEndpoint(properties.endpoint());
        config.setTimeoutInMillis(Math.toIntExact(properties.timeout().toMillis()));
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            ApiKeyTokenProvider token = new ApiKeyTokenProvider();
            token.setApiKey(properties.apiKey());
            config.setAuth(token);
        }
        Map<String, String> headers = new LinkedHashMap<>(properties.headers());
        config.setHeaders(headers);
        return config;
    }
}
