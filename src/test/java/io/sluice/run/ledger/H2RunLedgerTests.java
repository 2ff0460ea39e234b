package io.sluice.run.ledger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

class H2RunLedgerTests extends RunLedgerContract {

    private final DataSource dataSource = new DriverManagerDataSource(
            "jdbc:h2:mem:ledger-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
