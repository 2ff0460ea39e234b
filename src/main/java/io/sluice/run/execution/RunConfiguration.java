package io.sluice.run.execution;

import org.apache.spark.sql.SparkSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sluice.cluster.ClusterProperties;
import io.sluice.cluster.LeasedRuns;
import io.sluice.cluster.TableLeases;
import io.sluice.format.TableCatalog;
import io.sluice.run.RunsProperties;
import io.sluice.table.TableState;

@Configuration(proxyBeanMethods = false)
class RunConfiguration {

    @Bean
    RunScheduler runScheduler(RunExecutor executor, RunsProperties properties, RunRecovery recovery, ObjectProvider<LeasedRuns> leased,
            TableCatalog catalog, SparkSession spark) {
        // Depends on recovery: runs of a previous process are settled before any new run is admitted.
        LeasedRuns leases = leased.getIfAvailable();
        if (leases == null) {
            return new RunScheduler(executor::execute, properties);
        }
        return new RunScheduler((plan, handOff) -> {
            try {
                leases.run(plan.table().toString(), () -> catalog.state(spark, plan.table()).map(TableState::location), () -> {
                    recovery.settle(plan.table());
                    executor.execute(plan, handOff);
                });
            } catch (InterruptedException e) { // shutting down while it waited for the lease: it never started
                Thread.currentThread().interrupt();
            }
        }, properties);
    }

    /** With several replicas: a run holds its table's lease while it executes, and its commits are fenced by it. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty("sluice.cluster.enabled")
    LeasedRuns leasedRuns(TableLeases leases, ClusterProperties cluster) {
        return new LeasedRuns(leases, cluster);
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
