package io.sluice.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
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
        Gauge.builder("sluice.spark.jobs", spark, s -> JavaSparkContext.fromSparkContext(s.sparkContext()).statusTracker()
                .getJobIdsForGroup(null).length).description("Jobs Spark's status store retains").register(registry);
    }
}
