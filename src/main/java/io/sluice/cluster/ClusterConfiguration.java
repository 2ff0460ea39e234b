package io.sluice.cluster;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    TableLeases tableLeases(JdbcClient jdbc, TransactionTemplate transactions) {
        return new TableLeases(jdbc, transactions, Clock.systemUTC());
    }
}
