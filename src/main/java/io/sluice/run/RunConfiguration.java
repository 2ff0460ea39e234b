package io.sluice.run;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RunConfiguration {

    @Bean
    RunScheduler runScheduler(RunExecutor executor, RunsProperties properties, RunRecovery recovery) {
        // Depends on recovery: runs of a previous process are settled before any new run is admitted.
        return new RunScheduler(executor::execute, properties);
    }
}
