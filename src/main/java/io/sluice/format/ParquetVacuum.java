package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.table.TableState;
import io.sluice.write.FaultStep;
import io.sluice.write.RunMetrics;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Parquet table's retention. Its changes are kept for their restores and rollbacks when they are among the newest
 * {@code keepChanges} or finished within the retention, and so is every older one after the oldest kept (a restore undoes
 * the changes after its version one by one). What stays under the table's root: the directories the table reads now, and
 * for every kept change its stage and the directories it replaced (its rollback swaps back to them). Everything else
 * under the root goes, as Delta's VACUUM removes what its log no longer needs: directories only older changes needed,
 * stages of failed, interrupted or undone runs. Names Spark reads as hidden ({@code _x}, {@code .x}) stay, outside
 * {@code _sluice/}: the symlink manifests, the stages' records. Nothing is moved and no row changes: a vacuum cut
 * short leaves the table as it was, and the next one deletes the rest.
 */
final class ParquetVacuum {

    private static final Logger log = LoggerFactory.getLogger(ParquetVacuum.class);

    private ParquetVacuum() {
    }

    static VacuumPlan plan(VacuumRequest request) {
        return plan(request, current(request.session(), request.table()));
    }

    static Commit vacuum(VacuumRequest request) {
        SparkSession session = request.session();
        Set<String> current = current(session, request.table());
        VacuumPlan plan = plan(request, current);
        if (plan.restorableFrom() != null) {
            request.restorableFrom().accept(plan.restorableFrom());
        }
        // the run holds the table's lane, so no write moves it meanwhile; should one have, nothing is deleted
        if (!current(session, request.table()).equals(current)) {
            throw new IllegalStateException("table " + request.table().name() + " moved while its vacuum planned: nothing was deleted");
        }
        FileSystem fs = HadoopFiles.fileSystem(session, root(request.table()));
        long files = 0;
        long bytes = 0;
        for (VacuumPlan.Removal removal : plan.removed()) {
            Path path = new Path(removal.path());
            if (overlaps(path(path), current)) { // never the case by construction, checked again as a last guard
                throw new IllegalStateException("the table reads " + path + ": not deleted");
            }
            try {
                fs.delete(path, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files += removal.files();
            bytes += removal.bytes();
            request.checkpoint().reached(FaultStep.REMOVING);
        }
        log.info("Vacuumed {}: removed {} path(s), {} file(s), {} byte(s); restorable from version {}", request.table().name(),
                plan.removed().size(), files, bytes, plan.restorableFrom());
        return Commit.unversioned(RunMetrics.vacuumed(files, bytes), request.commitMetadata());
    }

    private static VacuumPlan plan(VacuumRequest request, Set<String> current) {
        TableState table = request.table();
        List<TableChange> changes = request.changes().get();
        Instant cutoff = request.now().minus(request.retention());
        int keptFrom = changes.size();
        for (int i = 0; i < changes.size(); i++) {
            boolean newest = changes.size() - i <= request.keepChanges();
            if (newest || !changes.get(i).finishedAt().toInstant().isBefore(cutoff)) {
                keptFrom = i;
                break;
            }
        }
        Set<String> needed = new HashSet<>(current);
        for (TableChange change : changes.subList(keptFrom, changes.size())) {
            ParquetStage.recorded(request.session(), table, change.runId()).ifPresent(commit -> {
                needed.add(path(ParquetStage.root(table, change.runId())));
                commit.replaced().forEach(replaced -> needed.add(path(new Path(replaced.location()))));
                if (commit.previousLocation() != null) {
                    needed.add(path(new Path(commit.previousLocation())));
                }
            });
        }
        Long restorableFrom = changes.isEmpty() ? null : changes.get(Math.max(0, keptFrom - 1)).version();
        FileSystem fs = HadoopFiles.fileSystem(request.session(), root(table));
        List<VacuumPlan.Removal> removed = new ArrayList<>();
        try {
            sweep(fs, root(table), true, needed, removed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new VacuumPlan(removed, restorableFrom);
    }

    /** Lists under {@code directory} what no needed directory covers, whole where nothing needed is inside it. */
    private static void sweep(FileSystem fs, Path directory, boolean root, Set<String> needed, List<VacuumPlan.Removal> removed)
            throws IOException {
        if (!fs.exists(directory)) {
            return;
        }
        FileStatus[] children = fs.listStatus(directory);
        Arrays.sort(children, Comparator.comparing(status -> status.getPath().getName()));
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            String path = path(child.getPath());
            if (root && name.equals(ParquetStage.DIRECTORY) && child.isDirectory()) {
                sweep(fs, child.getPath(), false, needed, removed);
            } else if (hidden(name) || covered(path, needed)) {
                continue;
            } else if (child.isDirectory() && needed.stream().anyMatch(n -> n.startsWith(path + "/"))) {
                sweep(fs, child.getPath(), false, needed, removed);
            } else {
                removed.add(removal(fs, child));
            }
        }
    }

    private static VacuumPlan.Removal removal(FileSystem fs, FileStatus status) throws IOException {
        long files = 0;
        long bytes = 0;
        if (status.isFile()) {
            files = 1;
            bytes = status.getLen();
        } else {
            RemoteIterator<LocatedFileStatus> listed = fs.listFiles(status.getPath(), true);
            while (listed.hasNext()) {
                files++;
                bytes += listed.next().getLen();
            }
        }
        return new VacuumPlan.Removal(status.getPath().toString(), files, bytes);
    }

    /** Whether a needed directory reads {@code path}: it is the directory, or under it through names that are not hidden. */
    private static boolean covered(String path, Set<String> needed) {
        for (String directory : needed) {
            if (path.equals(directory)) {
                return true;
            }
            if (path.startsWith(directory + "/")) {
                String rest = path.substring(directory.length() + 1);
                if (Arrays.stream(rest.split("/")).noneMatch(ParquetVacuum::hidden)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean overlaps(String path, Set<String> current) {
        return covered(path, current) || current.stream().anyMatch(directory -> directory.startsWith(path + "/"));
    }

    /** As Spark's file listing reads names: {@code _x} and {@code .x} are not data, a partition {@code _p=v} is. */
    private static boolean hidden(String name) {
        return name.startsWith(".") || (name.startsWith("_") && !name.contains("="));
    }

    /** The directories the table reads, as the metastore has them now. */
    private static Set<String> current(SparkSession session, TableState table) {
        CatalogTable meta = ParquetSwap.metadata(session.sessionState().catalog(), table.name().identifier());
        Set<String> locations = new HashSet<>();
        if (table.partitionBy().isEmpty()) {
            locations.add(path(new Path(meta.location())));
        } else {
            CollectionConverters.asJava(session.sessionState().catalog().listPartitions(table.name().identifier(), Option.empty()))
                    .forEach(partition -> locations.add(path(new Path(partition.location()))));
        }
        return locations;
    }

    private static Path root(TableState table) {
        return SymlinkManifest.tableRoot(table.location());
    }

    /** A path as compared here: its path part, without scheme or trailing slash (every one is on the table's file system). */
    private static String path(Path path) {
        String text = path.toUri().getPath();
        return text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
