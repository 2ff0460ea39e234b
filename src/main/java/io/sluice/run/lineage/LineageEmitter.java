package io.sluice.run.lineage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.Transport;
import io.openlineage.client.utils.DatasetIdentifier;
import io.sluice.format.TableCatalog;
import io.sluice.run.Run;
import io.sluice.run.RunEnded;
import io.sluice.run.RunPlan;
import io.sluice.run.RunStarted;
import io.sluice.run.RunStatus;
import io.sluice.run.ledger.RunLedger;
import io.sluice.source.SourceProperties;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import jakarta.annotation.PreDestroy;

/**
 * Emits each run's OpenLineage events (docs/lineage.md) on a thread of its own, in the order the runs started and ended:
 * a listener only queues, so neither a slow receiver nor a failed read of the catalog holds or fails a run. Runs that
 * never started (cancelled in the queue, refused) emit nothing. With the transport none, nothing is queued at all.
 */
@Component
public class LineageEmitter {

    private static final Logger log = LoggerFactory.getLogger(LineageEmitter.class);
    private static final String VERSION = LineageEmitter.class.getPackage().getImplementationVersion();
    /** The producer of Sluice's events, with its version where the jar names one. */
    static final URI PRODUCER = URI.create(VERSION == null ? "urn:sluice" : "urn:sluice:" + VERSION);

    private final SparkSession spark;
    private final RunLedger ledger;
    private final TableCatalog catalog;
    private final SourceProperties sources;
    private final ThreadPoolExecutor executor;
    /** What START said about a run still running: its END names the same datasets. */
    private final Map<UUID, Started> started = new ConcurrentHashMap<>();
    private volatile LineageProperties properties;
    private volatile OpenLineageClient client;
    private volatile LineageEvents events;
    private String catalogNamespace;

    private record Started(RunPlan plan, List<DatasetIdentifier> inputs, DatasetIdentifier output) {
    }

    LineageEmitter(LineageProperties properties, SparkSession spark, RunLedger ledger, TableCatalog catalog, SourceProperties sources) {
        this.spark = spark;
        this.ledger = ledger;
        this.catalog = catalog;
        this.sources = sources;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(properties.queueCapacity()), runnable -> {
            Thread thread = new Thread(runnable, "sluice-lineage");
            thread.setDaemon(true);
            return thread;
        }, (task, pool) -> log.warn("Lineage event dropped: {} events are waiting to be sent (sluice.lineage.queue-capacity)",
                pool.getQueue().size()));
        reconfigure(properties);
    }

    /** The properties events are sent by now. */
    public LineageProperties properties() {
        return properties;
    }

    /** Sends the events of runs that start from now on as {@code next} says (tests point the shared context at a receiver). */
    public synchronized void reconfigure(LineageProperties next) {
        OpenLineageClient previous = client;
        Transport transport = LineageTransports.create(next);
        this.properties = next;
        this.events = new LineageEvents(PRODUCER, next.namespace());
        this.client = transport == null ? null : new OpenLineageClient(transport);
        if (previous != null) {
            executor.execute(() -> close(previous)); // after the events queued before
        }
    }

    @EventListener
    void on(RunStarted start) {
        if (client != null) {
            executor.execute(() -> start(start.plan()));
        }
    }

    @EventListener
    void on(RunEnded end) {
        if (client != null || !started.isEmpty()) {
            executor.execute(() -> end(end.runId()));
        }
    }

    private void start(RunPlan plan) {
        try {
            SparkSession session = spark.newSession();
            DatasetIdentifier output = table(session, plan.table());
            List<DatasetIdentifier> inputs = LineageDatasets.inputs(plan, sources, name -> table(session, name));
            started.put(plan.id(), new Started(plan, inputs, output));
            Run run = ledger.find(plan.id()).orElse(null);
            if (run != null && run.startedAt() != null) {
                emit(events.started(plan, run.startedAt().toZonedDateTime(), inputs, output), plan.id());
            }
        } catch (RuntimeException e) {
            log.warn("No lineage for run {}: {}", plan.id(), e.toString());
        }
    }

    private void end(UUID id) {
        Started start = started.remove(id);
        Run run = start == null ? null : ledger.find(id).orElse(null);
        if (run == null || client == null) {
            return;
        }
        try {
            TableState table = run.status() == RunStatus.SUCCEEDED ? state(start.plan().table()).orElse(null) : null;
            DatasetIdentifier output = table == null || table.location() == null ? start.output()
                    : LineageDatasets.table(new Path(table.location()).toUri(), start.plan().table(), catalogNamespace(spark));
            emit(events.ended(start.plan(), run, start.inputs(), output, table), id);
        } catch (RuntimeException e) {
            log.warn("No lineage for the end of run {}: {}", id, e.toString());
        }
    }

    /** The table as the run left it, for the schema facet; a catalog that cannot say leaves the facet out. */
    private Optional<TableState> state(TableName table) {
        try {
            return catalog.state(spark.newSession(), table);
        } catch (RuntimeException e) {
            log.warn("The lineage of {} has no schema: {}", table, e.toString());
            return Optional.empty();
        }
    }

    private DatasetIdentifier table(SparkSession session, TableName name) {
        return LineageDatasets.table(catalog.location(session, name), name, catalogNamespace(session));
    }

    /** The metastore service ({@code hive://host:port}), or without one the warehouse, as OpenLineage's Spark integration names it. */
    private String catalogNamespace(SparkSession session) {
        if (catalogNamespace == null) {
            String uris = session.sparkContext().hadoopConfiguration().get("hive.metastore.uris", "").strip();
            if (!uris.isEmpty()) {
                catalogNamespace = "hive://" + URI.create(uris.split(",")[0].strip()).getAuthority();
            } else {
                Path warehouse = new Path(session.conf().get("spark.sql.warehouse.dir"));
                try {
                    catalogNamespace = warehouse.getFileSystem(session.sparkContext().hadoopConfiguration()).makeQualified(warehouse).toString();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return catalogNamespace;
    }

    private void emit(RunEvent event, UUID run) {
        OpenLineageClient current = client;
        if (current == null) {
            return;
        }
        try {
            current.emit(event);
        } catch (RuntimeException e) { // a dead receiver loses the event, never the run
            log.warn("Lineage event {} of run {} not delivered: {}", event.getEventType(), run, e.toString());
        }
    }

    private static void close(OpenLineageClient client) {
        try {
            client.close();
        } catch (Exception e) {
            log.debug("Closing a lineage client failed", e);
        }
    }

    /** Sends what is queued, for a while, then stops. */
    @PreDestroy
    void shutdown() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(properties.timeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
            log.warn("{} lineage events not sent at shutdown", executor.shutdownNow().size());
        }
        OpenLineageClient current = client;
        if (current != null) {
            close(current);
        }
    }
}
