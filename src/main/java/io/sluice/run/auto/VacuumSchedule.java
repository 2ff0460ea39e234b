package io.sluice.run.auto;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.sluice.format.TableCatalog;
import io.sluice.run.Run;
import io.sluice.run.RunKind;
import io.sluice.run.api.RunService;
import io.sluice.run.execution.RunScheduler;
import io.sluice.run.ledger.RunLedger;
import io.sluice.run.maintenance.MaintenancePolicies;
import io.sluice.run.maintenance.MaintenancePolicy;
import io.sluice.run.maintenance.MaintenanceProperties;
import io.sluice.run.maintenance.PolicyOverrides;
import io.sluice.table.TableName;
import io.sluice.table.TableState;

/**
 * Every {@code sluice.maintenance.auto.scan-period}, a vacuum is queued in the lane of each table Sluice has run on, that
 * still exists, whose policy has auto-vacuum on, whose format can vacuum, and whose last succeeded vacuum (its first run,
 * if it has had none) is older than its vacuum interval. A scan is one grouped query on the ledger; with auto-vacuum off
 * by default and on for no table, it reads the policies only.
 */
@Component
class VacuumSchedule implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(VacuumSchedule.class);

    private final RunLedger ledger;
    private final RunScheduler scheduler;
    private final RunService runs;
    private final MaintenancePolicies policies;
    private final MaintenanceProperties properties;
    private final TableCatalog catalog;
    private final SparkSession spark;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sluice-vacuum-schedule");
        thread.setDaemon(true);
        return thread;
    });

    VacuumSchedule(RunLedger ledger, RunScheduler scheduler, RunService runs, MaintenancePolicies policies, MaintenanceProperties properties,
            TableCatalog catalog, SparkSession spark) {
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.runs = runs;
        this.policies = policies;
        this.properties = properties;
        this.catalog = catalog;
        this.spark = spark;
    }

    /** The timer's thread starts here, on the thread that announces readiness: it inherits no run's Spark properties. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long period = properties.auto().scanPeriod().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick(RunLedger.now());
            } catch (RuntimeException e) {
                log.warn("The vacuum schedule's scan failed; the next is in {}: {}", properties.auto().scanPeriod(), e.toString(), e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** One scan as of {@code now}: answers the vacuum runs it queued. */
    synchronized List<Run> tick(OffsetDateTime now) {
        Map<String, PolicyOverrides> own = policies.all();
        boolean byDefault = properties.auto().enabled();
        List<Run> queued = new ArrayList<>();
        if (!byDefault && own.values().stream().noneMatch(policy -> Boolean.TRUE.equals(policy.autoVacuum()))) {
            return queued;
        }
        SparkSession session = spark.newSession();
        for (RunLedger.VacuumHistory history : ledger.vacuumHistory()) {
            PolicyOverrides overrides = own.getOrDefault(history.table(), PolicyOverrides.NONE);
            MaintenancePolicy policy = policies.effective(history.table(), overrides);
            OffsetDateTime since = history.lastVacuum() != null ? history.lastVacuum() : history.firstRun();
            if (!policy.autoVacuum() || since.plus(policy.vacuumInterval()).isAfter(now)) {
                continue;
            }
            try {
                due(TableName.parse("table", history.table()), policy, session).ifPresent(queued::add);
            } catch (RuntimeException e) { // one table's failure (a full queue, a metastore error) is not the others'
                log.warn("Could not queue the scheduled vacuum of table {}: {}", history.table(), e.toString());
            }
        }
        return queued;
    }

    private Optional<Run> due(TableName table, MaintenancePolicy policy, SparkSession session) {
        if (scheduler.holds(table, RunKind.VACUUM)) {
            return Optional.empty();
        }
        Optional<TableState> state = catalog.state(session, table);
        if (state.isEmpty()) {
            return Optional.empty(); // dropped
        }
        Run vacuum = runs.maintainAutomatically(table, state.get(), policy.scheduledVacuum(properties.vacuum().keepChanges()));
        log.info("Vacuum {} queued for {}: its interval is {} hours", vacuum.id(), table, policy.vacuumIntervalHours());
        return Optional.of(vacuum);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
