package io.sluice.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI sluiceOpenApi() {
        return new OpenAPI().info(new Info().title("Sluice").version("v1").description("""
                Ingestion runs into a data lake. POST a run (a target table, a source and a write strategy); \
                Sluice executes it on a long-lived Spark engine with Delta Lake, records it in its run ledger \
                and reports status and row counts. Errors are RFC 9457 problem responses."""));
    }
}
