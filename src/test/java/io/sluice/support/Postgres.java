package io.sluice.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust auth, database {@code test}; override with
 * SLUICE_TEST_PG_URL / SLUICE_TEST_PG_USER). Where none listens the test is skipped with a message,
 * except under CI=true, where PostgreSQL tests must run and a missing server fails them.
 */
public final class Postgres {

    private Postgres() {
    }

    /** A data source on a fresh schema of its own, so tests never see each other's rows. */
    public static DataSource freshSchema(String schema) {
        String url = env("SLUICE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = env("SLUICE_TEST_PG_USER", "postgres");
        DriverManagerDataSource admin = new DriverManagerDataSource(url, user, "");
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            unreachable(url, user, e);
        }
        return new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, "");
    }

    /** A fresh database of its own (a metastore's, a ledger's); answers its JDBC URL. */
    public static String freshDatabase(String database) {
        String url = env("SLUICE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        try (Connection connection = new DriverManagerDataSource(url, user(), "").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            unreachable(url, user(), e);
        }
        return url.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    }

    public static void dropDatabase(String database) throws SQLException {
        String url = env("SLUICE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        try (Connection connection = new DriverManagerDataSource(url, user(), "").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    public static String user() {
        return env("SLUICE_TEST_PG_USER", "postgres");
    }

    public static void dropSchema(DataSource dataSource, String schema) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void unreachable(String url, String user, SQLException e) {
        String message = "PostgreSQL is not reachable at " + url + " as " + user + " (" + e.getMessage() + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; under CI=true the PostgreSQL tests must run");
        }
        Assumptions.abort(message + "; skipping the PostgreSQL tests (they run under CI=true)");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
