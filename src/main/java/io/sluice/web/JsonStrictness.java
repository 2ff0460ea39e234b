package io.sluice.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read as written: no JSON value is coerced into another type. Jackson by default
 * truncates {@code 0.9} into a {@code long} version, reads {@code "5"} as a number and {@code 5} as a
 * string, and keeps the last of two equal keys; each of those once ran a request the user did not send.
 * Fractional numbers in untyped places (inline rows) stay exact decimals rather than doubles.
 */
@Configuration(proxyBeanMethods = false)
public class JsonStrictness {

    private static final CoercionInputShape[] SCALAR_SHAPES = { CoercionInputShape.Integer, CoercionInputShape.Float,
            CoercionInputShape.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString };

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return JsonStrictness::apply;
    }

    public static JsonMapper.Builder apply(JsonMapper.Builder builder) {
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                        DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        // Each scalar type takes only its own JSON shape (an integer is a fine value for a decimal or a float).
        fail(builder, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
                CoercionInputShape.EmptyString);
        fail(builder, LogicalType.Float, CoercionInputShape.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString);
        fail(builder, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String,
                CoercionInputShape.EmptyString);
        fail(builder, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean,
                CoercionInputShape.Object, CoercionInputShape.Array, CoercionInputShape.EmptyObject, CoercionInputShape.EmptyArray);
        fail(builder, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean,
                CoercionInputShape.EmptyString);
        fail(builder, LogicalType.DateTime, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean,
                CoercionInputShape.EmptyString);
        fail(builder, LogicalType.OtherScalar, SCALAR_SHAPES); // UUIDs and the like: strings only, and not empty
        for (LogicalType container : new LogicalType[] { LogicalType.Collection, LogicalType.Array, LogicalType.Map,
                LogicalType.POJO }) {
            fail(builder, container, SCALAR_SHAPES); // no single value as a list, no "" as an empty object
        }
        return builder.addModule(new SimpleModule("sluice-strict-time")
                .addDeserializer(OffsetDateTime.class, new TextOnly<>(OffsetDateTime.class, OffsetDateTime::parse))
                .addDeserializer(Duration.class, new TextOnly<>(Duration.class, Duration::parse)));
    }

    /** Times and durations as ISO-8601 text only: java.time's readers take a bare number as epoch seconds. */
    static final class TextOnly<T> extends StdDeserializer<T> {
        private final transient Function<String, T> parse;

        TextOnly(Class<T> type, Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (T) context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getString().trim();
            try {
                return parse.apply(text);
            } catch (DateTimeParseException e) {
                return (T) context.handleWeirdStringValue(handledType(), text, "not ISO-8601");
            }
        }
    }

    private static void fail(JsonMapper.Builder builder, LogicalType type, CoercionInputShape... shapes) {
        builder.withCoercionConfig(type, config -> {
            for (CoercionInputShape shape : shapes) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
            config.setAcceptBlankAsEmpty(false);
        });
    }
}
