package io.sluice.run.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.sluice.support.Postgres;

/** The ledger on the real PostgreSQL (skipped with a message where none listens, required under CI=true). */
class PostgresRunLedgerTests extends RunLedgerContract {

    private static final String SCHEMA = "sluice_ledger_test";
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
