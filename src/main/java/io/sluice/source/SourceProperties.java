package io.sluice.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.sluice.source.http.Retention;

/**
 * Limits on what a run may read: file roots, the size of inline bodies, the database connections and
 * the HTTP hosts. Everything that reaches a file system, a database or the network is named here, in
 * configuration, never in a request.
 */
@ConfigurationProperties("sluice.sources")
public record SourceProperties(@DefaultValue Files files, @DefaultValue Inline inline, @DefaultValue Jdbc jdbc, @DefaultValue Http http) {

    /** {@code allowedRoots}: the only folders a {@code files} source may read (with their sub-folders). */
    public record Files(List<Path> allowedRoots) {
        public Files {
            allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
        }
    }

    /** {@code maxRows}: inline sources are for manual runs and tests, not bulk loads. */
    public record Inline(@DefaultValue("10000") int maxRows) {
    }

    /**
     * Named database connections; a request names one. Passwords belong in the environment
     * ({@code SLUICE_SOURCES_JDBC_CONNECTIONS_<NAME>_PASSWORD}) or a {@code ${...}} placeholder.
     */
    public record Jdbc(Map<String, Connection> connections, @DefaultValue("64") int maxPartitions) {
        public Jdbc {
            connections = connections == null ? Map.of() : Map.copyOf(connections);
        }

        public record Connection(String url, String user, String password, @DefaultValue("1000") int fetchSize) {
            @Override
            public String toString() { // never the password, wherever a connection is printed
                return "Connection[url=" + url + ", user=" + user + "]";
            }
        }
    }

    /**
     * HTTP pulls: the only hosts (host or host:port) a request may call, where pages are staged, what
     * happens to them after a load, and the limits of a pull.
     */
    public record Http(List<String> allowedHosts, Path stagingRoot, @DefaultValue("keep") Retention retention,
            @DefaultValue("32") int maxConcurrency, @DefaultValue("30s") Duration maxTimeout, @DefaultValue("1s") Duration progressInterval) {
        public Http {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        }
    }
}
