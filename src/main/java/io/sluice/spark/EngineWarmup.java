package io.sluice.spark;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.sluice.SluiceProperties;
import io.sluice.problem.EngineAvailability;
import io.sluice.problem.EngineUnavailableException;

/**
 * Pays the engine's cold start (Derby metastore creation, Delta and Hive class loading, code generation: tens of
 * seconds) once, in the background, before readiness reports UP, so that no user's first run pays it. Liveness is UP
 * meanwhile. A failed attempt (an unreachable metastore, a warehouse it cannot write) turns readiness DOWN with the
 * reason and is retried with a growing wait ({@link WarmupRetryProperties}) until one succeeds; meanwhile work that
 * needs the engine is refused at once with that reason ({@link EngineAvailability}).
 * <p>
 * With {@code sluice.spark.exit-after-warm-up} the service makes one attempt and exits (0 when warm, 1 when it
 * failed): a class data sharing training run ({@code -XX:ArchiveClassesAtExit}) then archives the engine's classes
 * too, not only Spring's as {@code spring.context.exit=onRefresh} would.
 */
@Component
public class EngineWarmup implements DisposableBean, EngineAvailability {

    public enum State { PENDING, WARMING, READY, FAILED }

    private static final Logger log = LoggerFactory.getLogger(EngineWarmup.class);

    private final SparkSession spark;
    private final SparkProperties properties;
    private final SluiceProperties sluice;
    private final ConfigurableApplicationContext context;
    private final WarmupLoop loop;
    private volatile boolean skipped;
    private volatile Thread thread;

    EngineWarmup(SparkSession spark, SparkProperties properties, WarmupRetryProperties retry, SluiceProperties sluice,
            ConfigurableApplicationContext context) {
        this.spark = spark;
        this.properties = properties;
        this.sluice = sluice;
        this.context = context;
        String uris = spark.sparkContext().hadoopConfiguration().get("hive.metastore.uris", "");
        this.loop = new WarmupLoop(this::attempt, new WarmupFailures(uris, CatalogProperties.uriProperty(properties.conf()),
                properties.metastore(sluice).toString(), properties.warehouse(sluice)), retry, duration -> Thread.sleep(duration.toMillis()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (!properties.warmUp()) {
            skipped = true;
            exitIfTraining();
            return;
        }
        thread = new Thread(() -> {
            try {
                loop.run(!properties.exitAfterWarmUp()); // a training run must end, warm or not
                exitIfTraining();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        }, "sluice-engine-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private void exitIfTraining() {
        if (properties.exitAfterWarmUp()) {
            log.info("Exiting after the warm-up (sluice.spark.exit-after-warm-up)");
            System.exit(SpringApplication.exit(context, () -> state() == State.READY ? 0 : 1));
        }
    }

    /** Opens (on a first start: creates) the metastore, then writes and reads a small Delta table. */
    private void attempt() {
        SparkSession session = spark.newSession();
        session.catalog().databaseExists("default");
        String path = sluice.resolve("engine-warmup").toUri().toString();
        session.range(10).toDF("id").write().format("delta").mode("overwrite").save(path);
        session.read().format("delta").load(path).count();
    }

    /** Stops retrying when the service stops. */
    @Override
    public void destroy() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    public WarmupStatus status() {
        return skipped ? new WarmupStatus(State.READY, 0, null, -1) : loop.status();
    }

    public State state() {
        return status().state();
    }

    @Override
    public Optional<EngineUnavailableException> refusal() {
        return skipped ? Optional.empty() : loop.refusal();
    }

    @Override
    public Optional<EngineUnavailableException> explaining(Throwable failure) {
        return WarmupFailures.fromMetastore(failure) ? refusal() : Optional.empty();
    }
}
