package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
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
    /** Beside the database's tables: where the leftovers of failed creates are moved aside. */
    private static final String ORPHANS = "_sluice_orphans";

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
        return locationOf(session, table);
    }

    /** {@link #location}, for the formats, which a catalog does not reach. */
    static URI locationOf(SparkSession session, TableName table) {
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
                Path aside = new Path(path.getParent(), ORPHANS + "/" + path.getName() + "-" + Instant.now().toEpochMilli());
                fs.mkdirs(aside.getParent());
                fs.rename(path, aside);
                log.warn("Moved leftovers of a failed create of {} from {} to {}", table, path, aside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The table's leftovers {@link #moveAsideOrphanLocation} moved aside before {@code before} (the time in their name),
     * with their files and bytes: a vacuum removes them once their grace period has passed.
     */
    public List<VacuumPlan.Removal> orphans(SparkSession session, TableName table, Instant before) {
        Path location = new Path(session.sessionState().catalog().defaultTablePath(table.identifier()));
        Path orphans = new Path(location.getParent(), ORPHANS);
        Pattern name = Pattern.compile(Pattern.quote(location.getName()) + "-(\\d{1,18})");
        List<VacuumPlan.Removal> found = new ArrayList<>();
        try {
            FileSystem fs = orphans.getFileSystem(session.sparkContext().hadoopConfiguration());
            if (!fs.exists(orphans)) {
                return found;
            }
            for (FileStatus orphan : fs.listStatus(orphans)) {
                Matcher matcher = name.matcher(orphan.getPath().getName());
                if (matcher.matches() && Instant.ofEpochMilli(Long.parseLong(matcher.group(1))).isBefore(before)) {
                    long files = 0;
                    long bytes = 0;
                    RemoteIterator<LocatedFileStatus> listed = fs.listFiles(orphan.getPath(), true);
                    while (listed.hasNext()) {
                        files++;
                        bytes += listed.next().getLen();
                    }
                    found.add(new VacuumPlan.Removal(orphan.getPath().toString(), files, bytes));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(VacuumPlan.Removal::path));
        return found;
    }

    /** Deletes what {@link #orphans} found; none of it belongs to a table. */
    public void delete(SparkSession session, List<VacuumPlan.Removal> orphans) {
        try {
            for (VacuumPlan.Removal orphan : orphans) {
                Path path = new Path(orphan.path());
                path.getFileSystem(session.sparkContext().hadoopConfiguration()).delete(path, true);
                log.info("Deleted the leftovers {} of a failed create", path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
