package io.sluice.problem;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The servlet filters of the API, and Tomcat's own refusals as problem responses. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** After authentication (Spring Security's chain runs first): only callers Sluice knows get to send a body. */
    @Bean
    FilterRegistrationBean<BodyLimits> bodySizeLimit(BodyLimits.Properties properties) {
        return new FilterRegistrationBean<>(new BodyLimits(properties));
    }

    /** Replaces the host's HTML error report (Spring Boot adds a plain one) with {@link ProblemReportValve}. */
    @Bean
    ProblemReports problemReports() {
        return new ProblemReports();
    }

    static final class ProblemReports implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemReportValve());
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemReportValve.class.getName()); // so the host adds no other
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE; // after Spring Boot's own customizer, which adds its valve
        }
    }
}
