package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import io.sluice.support.Postgres;
import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * The built jar with the {@code postgres} profile, its ledger on the machine's PostgreSQL: Flyway
 * migrates a fresh schema, a run is recorded there and read back over HTTP.
 */
class PostgresProfileIT {

    private static final String SCHEMA = "sluice_profile_it";

    @Test
    void shouldKeepTheLedgerInPostgresqlWithThePostgresProfile() throws Exception {
        DataSource ledger = Postgres.freshSchema(SCHEMA);
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "postgres-" + UUID.randomUUID()));
        String url = System.getenv().getOrDefault("SLUICE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getenv().getOrDefault("SLUICE_TEST_PG_USER", "postgres");
        try (ServiceProcess service = new ServiceProcess(dir.resolve("data"), dir.resolve("service.log"),
                "--spring.profiles.active=postgres", "--spring.datasource.url=" + url + "?currentSchema=" + SCHEMA,
                "--spring.datasource.username=" + user).start().awaitReady(Duration.ofMinutes(3))) {
            String id = service.json("POST", "/api/v1/runs", """
                    {"table": "demo.on_postgres", "strategy": "append",
                     "source": {"type": "inline", "schema": "id BIGINT", "rows": [{"id": 1}, {"id": 2}]}}""").get("id").asString();
            JsonNode run = service.json("GET", "/api/v1/runs/" + id + "?waitSeconds=60", null);
            assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");

            JdbcClient jdbc = JdbcClient.create(ledger);
            assertThat(jdbc.sql("SELECT status FROM sluice_run WHERE id = :id").param("id", id).query(String.class).single())
                    .isEqualTo("SUCCEEDED");
            assertThat(jdbc.sql("SELECT rows_output FROM sluice_run WHERE id = :id").param("id", id).query(Long.class).single())
                    .isEqualTo(2L);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success").query(Long.class).single())
                    .as("no failed migration").isZero();
        } finally {
            Postgres.dropSchema(ledger, SCHEMA);
        }
        FileSystemUtils.deleteRecursively(dir);
    }
}
