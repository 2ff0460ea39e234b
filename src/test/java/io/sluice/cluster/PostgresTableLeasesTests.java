package io.sluice.cluster;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.sluice.support.Postgres;

/** The leases on the real PostgreSQL (skipped with a message where none listens, required under CI=true). */
class PostgresTableLeasesTests extends TableLeasesContract {

    private static final String SCHEMA = "sluice_leases_test";
    private static DataSource dataSource;

    @BeforeAll
    static void connect() {
        dataSource = Postgres.freshSchema(SCHEMA);
    }

    @AfterAll
    static void drop() throws Exception {
        if (dataSource != null) {
            Postgres.dropSchema(dataSource, SCHEMA);
        }
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
