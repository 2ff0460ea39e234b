package io.sluice.web;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Enum query and path parameters in any case ({@code ?status=failed}), as the JSON shows some in
 * lower case and some in upper; a value that is none of them is a 400 listing the allowed ones.
 */
@Configuration(proxyBeanMethods = false)
class EnumParameters implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverterFactory(new AnyCase());
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    static final class AnyCase implements ConverterFactory<String, Enum> {
        @Override
        public <T extends Enum> Converter<String, T> getConverter(Class<T> type) {
            return text -> (T) Arrays.stream(type.getEnumConstants())
                    .filter(constant -> constant.name().equals(text.trim().toUpperCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no such value"));
        }
    }
}
