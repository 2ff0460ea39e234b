package io.sluice.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.status.JobDataWrapper;
import org.apache.spark.status.TaskDataWrapper;
import org.apache.spark.util.AccumulatorContext;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a long-lived SparkSession retains, as gauges: the SQL executions and the jobs its status store
 * keeps (bounded by the spark.ui.retained* and spark.sql.ui.retainedExecutions limits Sluice sets), so
 * a soak or an operator can see that they stay flat.
 */
@Component
class SparkMeters {

    SparkMeters(SparkSession spark, MeterRegistry registry) {
        Gauge.builder("sluice.spark.sql.executions", spark, s -> s.sharedState().statusStore().executionsCount())
                .description("SQL executions Spark's status store retains").register(registry);
        Gauge.builder("sluice.spark.jobs", spark, s -> retained(s, JobDataWrapper.class)).description("Jobs Spark's status store retains")
                .register(registry);
        Gauge.builder("sluice.spark.tasks", spark, s -> retained(s, TaskDataWrapper.class))
                .description("Tasks Spark's status store retains").register(registry);
        Gauge.builder("sluice.spark.accumulators", () -> AccumulatorContext.numAccums())
                .description("Accumulators registered with Spark (removed once unreachable)").register(registry);
    }

    /** Spark-internal (private[spark], public to Java): the count of one kind of record in the status store. */
    private static double retained(SparkSession spark, Class<?> kind) {
        try {
            return spark.sparkContext().statusStore().store().count(kind);
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
