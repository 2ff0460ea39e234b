package io.sluice.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** Reads and prepares catalog tables: existence, format, partitioning, location, version. */
@Component
public class TableCatalog {

    private static final Logger log = LoggerFactory.getLogger(TableCatalog.class);

    public boolean exists(SparkSession session, TableName table) {
        return session.catalog().tableExists(table.database(), table.table());
    }

    public Optional<TableState> state(SparkSession session, TableName table) {
        CatalogTable meta;
        try {
            meta = session.sessionState().catalog().getTableMetadata(table.identifier());
        } catch (NoSuchNamespaceException | NoSuchTableException e) {
            return Optional.empty();
        }
        String provider = meta.provider().isDefined() ? meta.provider().get() : "hive";
        TableFormat format = TableFormat.ofProvider(provider);
        if (format == TableFormat.DELTA) {
            // The log's snapshot (cached per table, updated by listing the log) has it all, without a Spark job.
            Snapshot snapshot = DeltaLog.forTable(session, meta).update(false, Option.empty(), Option.apply(meta));
            return Optional.of(new TableState(table, format, CollectionConverters.asJava(snapshot.metadata().partitionColumns()),
                    meta.location().toString(), snapshot.schema(), snapshot.version(),
                    DeltaProtocol.of(snapshot.protocol(), CollectionConverters.asJava(snapshot.metadata().configuration()))));
        }
        return Optional.of(new TableState(table, format, CollectionConverters.asJava(meta.partitionColumnNames()),
                meta.location().toString(), session.table(table.quoted()).schema(), null, null));
    }

    /**
     * The log of a table whose state the caller holds, found by its location: the same cached log as by name, without
     * the catalog's three metastore round trips (database, table, its metadata), on every run.
     */
    public DeltaLog deltaLog(SparkSession session, TableState table) {
        return DeltaLog.forTable(session, new Path(table.location()));
    }

    public DeltaLog deltaLog(SparkSession session, TableName table) {
        try {
            return DeltaLog.forTable(session, session.sessionState().catalog().getTableMetadata(table.identifier()));
        } catch (NoSuchNamespaceException | NoSuchTableException e) {
            throw new IllegalStateException("table " + table + " is not in the catalog", e);
        }
    }

    public void ensureDatabase(SparkSession session, TableName table) {
        if (!session.catalog().databaseExists(table.database())) {
            session.sql("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(table.database()));
        }
    }

    /**
     * A create that failed midway leaves files at the table's default location, and every later
     * create then fails (DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION). Such leftovers belong to no
     * table: they are moved aside (never deleted) so the create can proceed.
     */
    public void moveAsideOrphanLocation(SparkSession session, TableName table) {
        URI location = session.sessionState().catalog().defaultTablePath(table.identifier());
        Path path = new Path(location);
        try {
            FileSystem fs = path.getFileSystem(session.sparkContext().hadoopConfiguration());
            if (fs.exists(path)) {
                Path aside = new Path(path.getParent(), "_sluice_orphans/" + path.getName() + "-" + Instant.now().toEpochMilli());
                fs.mkdirs(aside.getParent());
                fs.rename(path, aside);
                log.warn("Moved leftovers of a failed create of {} from {} to {}", table, path, aside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
