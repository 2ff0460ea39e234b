package io.sluice.run.execution;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sluice.run.RunsProperties;

@Configuration(proxyBeanMethods = false)
class RunConfiguration {

    @Bean
    RunScheduler runScheduler(RunExecutor executor, RunsProperties properties, RunRecovery recovery) {
        // Depends on recovery: runs of a previous process are settled before any new run is admitted.
        return new RunScheduler(executor::execute, properties);
    }

    /** The queue's gauges (apart from {@link RunMeters}: the executor records there, and the scheduler needs the executor). */
    @Bean
    MeterBinder runQueueGauges(RunScheduler scheduler) {
        return registry -> {
            Gauge.builder("sluice.runs.queued", scheduler, RunScheduler::waitingCount).description("Runs waiting for their turn")
                    .register(registry);
            Gauge.builder("sluice.runs.active", scheduler, RunScheduler::activeCount).description("Runs executing now").register(registry);
        };
    }
}
