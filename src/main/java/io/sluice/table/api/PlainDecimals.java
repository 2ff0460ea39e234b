package io.sluice.table.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * A preview row's values with every decimal in all its digits: Jackson writes a DECIMAL(38,18) zero as
 * {@code 0E-18}. A number whose scale no DECIMAL column has (a double's {@code 1.0E+300}) keeps Jackson's
 * notation, which stays short.
 */
final class PlainDecimals extends StdSerializer<Object> {

    /** Spark's greatest decimal scale. */
    private static final int MAX_SCALE = 38;

    PlainDecimals() {
        super(Object.class);
    }

    static String text(BigDecimal value) {
        return value.scale() >= 0 && value.scale() <= MAX_SCALE ? value.toPlainString() : value.toString();
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializationContext context) {
        if (value instanceof BigDecimal decimal) {
            gen.writeNumber(text(decimal));
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                gen.writeName(String.valueOf(entry.getKey()));
                serialize(entry.getValue(), gen, context);
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object element : list) {
                serialize(element, gen, context);
            }
            gen.writeEndArray();
        } else if (value == null) {
            gen.writeNull();
        } else {
            context.writeValue(gen, value);
        }
    }
}
