package io.sluice.format;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.table.Identifiers;

/** Reads and prepares catalog tables: existence, and the state of a table as its format describes it. */
@Component
public class TableCatalog {

    private static final Logger log = LoggerFactory.getLogger(TableCatalog.class);

    private final Formats formats;

    TableCatalog(Formats formats) {
        this.formats = formats;
    }

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
        return Optional.of(formats.of(TableFormat.ofProvider(provider)).describe(session, table, meta));
    }

    /** Where the table's files are: its catalog location, or where a create would put it (in a database that may not exist yet). */
    public URI location(SparkSession session, TableName table) {
        try {
            return session.sessionState().catalog().getTableMetadata(table.identifier()).location();
        } catch (NoSuchNamespaceException | NoSuchTableException e) {
            if (session.catalog().databaseExists(table.database())) {
                return session.sessionState().catalog().defaultTablePath(table.identifier());
            }
            Path warehouse = new Path(session.conf().get("spark.sql.warehouse.dir"));
            Path database = table.database().equals("default") ? warehouse : new Path(warehouse, table.database() + ".db");
            try {
                return warehouse.getFileSystem(session.sparkContext().hadoopConfiguration()).makeQualified(new Path(database, table.table()))
                        .toUri();
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
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
