package io.sluice.run.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.ConsoleTransport;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;

/** sluice.lineage.*: off by default, the client's own transports, and a refusal at start naming what is missing. */
class LineagePropertiesTests {

    @Test
    void shouldEmitNothingByDefault() {
        LineageProperties defaults = bind(Map.of());

        assertThat(defaults.transport()).isEqualTo(LineageTransport.NONE);
        assertThat(defaults.namespace()).isEqualTo("sluice");
        assertThat(defaults.endpoint()).isEqualTo("/api/v1/lineage");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.queueCapacity()).isEqualTo(1000);
        assertThat(LineageTransports.create(defaults)).isNull();
    }

    @Test
    void shouldRefuseAnHttpTransportWithoutAUrlNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("sluice.lineage.transport", "http"))).isInstanceOf(BindException.class).rootCause()
                .hasMessage("sluice.lineage.url is required with sluice.lineage.transport=http: the receiver's base URL, such as http://marquez:5000");
        assertThatThrownBy(() -> bind(Map.of("sluice.lineage.transport", "http", "sluice.lineage.url", "ftp://marquez")))
                .isInstanceOf(BindException.class).rootCause().hasMessage("sluice.lineage.url is ftp://marquez: give an http:// or https:// URL");
        assertThatThrownBy(() -> bind(Map.of("sluice.lineage.transport", "file"))).isInstanceOf(BindException.class).rootCause()
                .hasMessage("sluice.lineage.file is required with sluice.lineage.transport=file: the file events are appended to");
        assertThatThrownBy(() -> bind(Map.of("sluice.lineage.transport", "kafka"))).isInstanceOf(BindException.class);
    }

    @Test
    void shouldConfigureTheClientsHttpTransportWithTheKeyAndHeaders() {
        LineageProperties http = bind(Map.of("sluice.lineage.transport", "HTTP", "sluice.lineage.url", "http://marquez:5000",
                "sluice.lineage.api-key", "secret-key", "sluice.lineage.headers.X-Tenant", "data", "sluice.lineage.timeout", "2s"));

        HttpConfig config = LineageTransports.http(http);
        assertThat(config.getUrl()).isEqualTo(URI.create("http://marquez:5000"));
        assertThat(config.getEndpoint()).isEqualTo("/api/v1/lineage");
        assertThat(config.getTimeoutInMillis()).isEqualTo(2000);
        assertThat(config.getAuth().getToken()).isEqualTo("Bearer secret-key");
        assertThat(config.getHeaders()).isEqualTo(Map.of("X-Tenant", "data"));
        assertThat(LineageTransports.create(http)).isInstanceOf(HttpTransport.class);
        assertThat(http.toString()).doesNotContain("secret-key", "data").contains("apiKey=***", "headers=[X-Tenant]");
        assertThat(LineageTransports.create(bind(Map.of("sluice.lineage.transport", "console")))).isInstanceOf(ConsoleTransport.class);
    }

    @Test
    void shouldAppendOneEventALineToTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lineage.jsonl");
        LineageProperties properties = bind(Map.of("sluice.lineage.transport", "file", "sluice.lineage.file", file.toString()));
        OpenLineage openLineage = new OpenLineage(URI.create("urn:sluice"));
        UUID run = UUID.randomUUID();
        OpenLineage.RunEvent event = openLineage.newRunEventBuilder().eventType(OpenLineage.RunEvent.EventType.START)
                .eventTime(ZonedDateTime.of(2024, 8, 1, 12, 0, 0, 0, ZoneOffset.UTC)).run(openLineage.newRun(run, null))
                .job(openLineage.newJob("sluice", "demo.events.append", null)).inputs(List.of()).outputs(List.of()).build();

        try (FileTransport transport = (FileTransport) LineageTransports.create(properties)) {
            transport.emit(event);
            transport.emit(event);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(OpenLineageClientUtils.runEventFromJson(lines.get(0)).getRun().getRunId()).isEqualTo(run);
        assertThat(OpenLineageClientUtils.runEventFromJson(lines.get(1)).getJob().getName()).isEqualTo("demo.events.append");
    }

    private static LineageProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("sluice.lineage", LineageProperties.class);
    }
}
