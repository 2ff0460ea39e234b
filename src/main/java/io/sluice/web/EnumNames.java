package io.sluice.web;

import java.util.Locale;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.EnumNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Enum values as the API spells them: lower snake case ({@code drop_partition}), in JSON both ways
 * (read strictly: {@code "DROP_PARTITION"} is refused) and in messages. Statuses and error codes are
 * codes and stay upper case: they say so with {@code @EnumNaming(UpperSnakeCaseStrategy)}. The OpenAPI
 * document asks the mapper ({@link OpenApiConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class EnumNames {

    @Bean
    JsonMapperBuilderCustomizer lowerCaseEnums() {
        return EnumNames::apply;
    }

    public static JsonMapper.Builder apply(JsonMapper.Builder builder) {
        return builder.enumNamingStrategy(EnumNamingStrategies.SNAKE_CASE);
    }

    /** A value as JSON writes it, for messages, metric tags and Spark's format names. */
    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
