package io.sluice.spark;

import org.apache.spark.sql.SparkSession;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Part of the readiness group: UP only once the engine is warm and its context is alive. */
@Component("spark")
class SparkHealthIndicator implements HealthIndicator {

    private final SparkSession spark;
    private final EngineWarmup warmup;

    SparkHealthIndicator(SparkSession spark, EngineWarmup warmup) {
        this.spark = spark;
        this.warmup = warmup;
    }

    @Override
    public Health health() {
        Health.Builder health = switch (warmup.state()) {
            case READY -> spark.sparkContext().isStopped() ? Health.down().withDetail("reason", "SparkContext stopped")
                    : Health.up();
            case FAILED -> Health.down().withDetail("reason", "warm-up failed: " + warmup.failure());
            case PENDING, WARMING -> Health.outOfService().withDetail("reason", "engine warming up");
        };
        return health.withDetail("master", spark.sparkContext().master())
                .withDetail("version", spark.version())
                .withDetail("warmUp", warmup.state().name())
                .withDetail("warmUpMillis", warmup.tookMillis())
                .build();
    }
}
