package io.sluice.spark;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.sluice.SluiceProperties;

/**
 * Pays the engine's cold start (Derby metastore creation, Delta and Hive class loading, code
 * generation: ~20 s, STACK.md) once, in the background, before readiness reports UP, so that no
 * user's first run pays it. Liveness is UP meanwhile.
 * <p>
 * With {@code sluice.spark.exit-after-warm-up} the service exits once warm (0, or 1 when the warm-up
 * failed): a class data sharing training run ({@code -XX:ArchiveClassesAtExit}) then archives the
 * engine's classes too, not only Spring's as {@code spring.context.exit=onRefresh} would.
 */
@Component
public class EngineWarmup {

    public enum State { PENDING, WARMING, READY, FAILED }

    private static final Logger log = LoggerFactory.getLogger(EngineWarmup.class);

    private final SparkSession spark;
    private final SparkProperties properties;
    private final SluiceProperties sluice;
    private final ConfigurableApplicationContext context;
    private final AtomicReference<State> state = new AtomicReference<>(State.PENDING);
    private volatile String failure;
    private volatile long tookMillis = -1;

    EngineWarmup(SparkSession spark, SparkProperties properties, SluiceProperties sluice, ConfigurableApplicationContext context) {
        this.spark = spark;
        this.properties = properties;
        this.sluice = sluice;
        this.context = context;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (!properties.warmUp()) {
            state.set(State.READY);
            exitIfTraining();
            return;
        }
        Thread thread = new Thread(() -> {
            warmUp();
            exitIfTraining();
        }, "sluice-engine-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private void exitIfTraining() {
        if (properties.exitAfterWarmUp()) {
            log.info("Exiting after the warm-up (sluice.spark.exit-after-warm-up)");
            System.exit(SpringApplication.exit(context, () -> state.get() == State.READY ? 0 : 1));
        }
    }

    /** Runs the warm-up on the calling thread; idempotent. */
    public void warmUp() {
        if (!state.compareAndSet(State.PENDING, State.WARMING)) {
            return;
        }
        long start = System.nanoTime();
        try {
            SparkSession session = spark.newSession();
            session.catalog().databaseExists("default"); // opens (and on first start creates) the metastore
            String path = sluice.resolve("engine-warmup").toUri().toString();
            session.range(10).toDF("id").write().format("delta").mode("overwrite").save(path);
            session.read().format("delta").load(path).count();
            tookMillis = (System.nanoTime() - start) / 1_000_000;
            state.set(State.READY);
            log.info("Engine warmed up in {} ms", tookMillis);
        } catch (RuntimeException e) {
            failure = e.getMessage();
            state.set(State.FAILED);
            log.error("Engine warm-up failed; readiness stays DOWN", e);
        }
    }

    public State state() {
        return state.get();
    }

    public String failure() {
        return failure;
    }

    public long tookMillis() {
        return tookMillis;
    }
}
