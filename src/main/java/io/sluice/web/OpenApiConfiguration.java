package io.sluice.web;

import java.util.Arrays;

import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationComponentsCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** Both ways to authenticate, required everywhere: the Swagger UI's Authorize button takes either. */
    @Bean
    OpenAPI sluiceOpenApi(@Value("${sluice.security.header:X-API-Key}") String header) {
        return new OpenAPI().info(new Info().title("Sluice").version("v1").description("""
                Ingestion runs into a data lake. POST a run (a target table, a source and a write strategy); \
                Sluice executes it on a long-lived Spark engine with Delta Lake, records it in its run ledger \
                and reports status and row counts. Errors are RFC 9457 problem responses. Reading needs the \
                viewer role, every change the operator role: an API key in the %s header, or HTTP basic.""".formatted(header)))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                                .name(header))
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }

    /** A typed 2xx for every operation ({@link ApiDocumentShape#typedSuccess}). */
    @Bean
    GlobalOperationComponentsCustomizer typedSuccessResponses() {
        return new GlobalOperationComponentsCustomizer() {
            @Override
            public Operation customize(Operation operation, Components components, HandlerMethod handler) {
                return ApiDocumentShape.typedSuccess(operation, components, handler);
            }

            @Override
            public Operation customize(Operation operation, HandlerMethod handler) {
                return operation;
            }
        };
    }

    /** Media types, problems, links and the source union, for client generators ({@link ApiDocumentShape}). */
    @Bean
    GlobalOpenApiCustomizer generatorReadyDocument() {
        return ApiDocumentShape::shape;
    }

    /**
     * Enum values as the request mapper spells them ({@link EnumNames}): swagger-core reads Jackson 2's
     * annotations, not the mapper's naming, and would list the Java names.
     */
    @Bean
    @SuppressWarnings({ "rawtypes", "unchecked" })
    ModelConverter enumValuesAsJsonSpellsThem(JsonMapper json) {
        return (type, context, chain) -> {
            Schema schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
            Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
            if (schema != null && schema.getEnum() != null && raw.isEnum()) {
                schema.setEnum(Arrays.stream(raw.getEnumConstants()).map(value -> json.convertValue(value, String.class)).toList());
            }
            return schema;
        };
    }
}
