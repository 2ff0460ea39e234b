package io.sluice.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Marquez-shaped lineage receiver on loopback: it keeps every body POSTed to {@code /api/v1/lineage} (with its
 * Authorization header) and answers 201, or 503 while {@link #failing} is set.
 */
public final class LineageReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(String authorization, String contentType, String body) {
    }

    private final HttpServer server;
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile boolean failing;

    private LineageReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.createContext("/api/v1/lineage", this::serve);
        server.start();
    }

    public static LineageReceiver start() {
        try {
            return new LineageReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public LineageReceiver failing(boolean fail) {
        this.failing = fail;
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until a request matches, 60 seconds at most: events are sent off the run's thread, after the run ends. */
    public List<Received> await(Predicate<Received> arrived) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.stream().noneMatch(arrived)) {
            assertThat(System.nanoTime()).as("a lineage event arrives; so far %s", received).isLessThan(deadline);
            SluiceClient.sleep(50);
        }
        return received();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            exchange.sendResponseHeaders(201, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
