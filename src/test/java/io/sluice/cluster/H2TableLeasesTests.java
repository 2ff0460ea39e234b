package io.sluice.cluster;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

class H2TableLeasesTests extends TableLeasesContract {

    private final DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:leases-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "sa", "");

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
