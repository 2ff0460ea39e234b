package io.sluice.run.execution;

import org.apache.spark.sql.SparkSession;
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
import io.sluice.problem.EngineAvailability;
import io.sluice.run.ledger.QueuedRuns;
import io.sluice.run.ledger.RunLedger;

@Configuration(proxyBeanMethods = false)
class RunConfiguration {

    @Bean
    RunScheduler runScheduler(RunExecutor executor, RunsProperties properties, RunRecovery recovery) {
        // Depends on recovery: runs of a previous process are settled before any new run is admitted.
        return new RunScheduler(executor::execute, properties);
    }

    /** With several replicas: a run holds its table's lease while it executes, and its commits are fenced by it. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty("sluice.cluster.enabled")
    LeasedRuns leasedRuns(TableLeases leases, ClusterProperties cluster) {
        return new LeasedRuns(leases, cluster);
    }

    /** With several replicas the queue is the ledger: any replica with a free slot takes a table's next run. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty("sluice.cluster.enabled")
    LedgerQueue ledgerQueue(QueuedRuns queued, QueuedPlans plans, RunScheduler scheduler, LeasedRuns leases, RunExecutor executor,
            RunRecovery recovery, RunLedger ledger, RunCompletions completions, TableCatalog catalog, SparkSession spark,
            EngineAvailability engine, ClusterProperties cluster) {
        return new LedgerQueue(queued, plans, scheduler, leases, executor, recovery, ledger, completions, catalog, spark, engine, cluster);
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
