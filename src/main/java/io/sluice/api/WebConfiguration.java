package io.sluice.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The servlet filters of the API. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** After authentication (Spring Security's chain runs first): only callers Sluice knows get to send a body. */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(BodySizeLimit.Properties properties) {
        return new FilterRegistrationBean<>(new BodySizeLimit(properties));
    }
}
