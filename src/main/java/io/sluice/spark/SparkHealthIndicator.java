package io.sluice.spark;

import org.apache.spark.sql.SparkSession;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of the readiness group: UP only once the engine is warm and its context is alive; DOWN with the reason while
 * the warm-up fails (it keeps retrying). Liveness does not include it: a restart would not reach the metastore either.
 */
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
        WarmupStatus status = warmup.status();
        Health.Builder health = switch (status.state()) {
            case READY -> spark.sparkContext().isStopped() ? Health.down().withDetail("reason", "SparkContext stopped")
                    : Health.up();
            case FAILED -> Health.down().withDetail("reason", "warm-up failed: " + status.failure());
            case PENDING, WARMING -> Health.outOfService().withDetail("reason", "engine warming up");
        };
        return health.withDetail("master", spark.sparkContext().master())
                .withDetail("version", spark.version())
                .withDetail("warmUp", status.state().name())
                .withDetail("warmUpAttempts", status.attempts())
                .withDetail("warmUpMillis", status.tookMillis())
                .build();
    }
}
