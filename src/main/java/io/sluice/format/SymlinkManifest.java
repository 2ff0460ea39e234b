package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Where a Parquet table's current files are, for engines that do not ask the metastore: Delta's symlink
 * manifest format (what Presto, Trino, Athena and Hive read through {@code SymlinkTextInputFormat}).
 * {@code <table root>/_symlink_format_manifest/<p1=v1/p2=v2>/manifest} lists the absolute URI of every
 * data file of that partition, one a line ({@code _symlink_format_manifest/manifest} for a table without
 * partitions). The metastore stays the truth: a manifest is derived from it, after every change, each
 * file written whole (a temporary file renamed over it), so that a reader sees the old list or the new.
 */
public final class SymlinkManifest {

    /** Schemes whose files are objects, replaced whole by a write and copied by a rename. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "gs", "oss", "cosn", "obs");

    public static final String DIRECTORY = "_symlink_format_manifest";
    private static final String FILE = "manifest";
    /** Parquet stages live under {@code <table root>/_sluice/}; a swapped table's location is one of them. */
    private static final String STAGES = "/_sluice/";
    private static final Logger log = LoggerFactory.getLogger(SymlinkManifest.class);

    private SymlinkManifest() {
    }

    /** A Parquet table's own directory: its location, above any stage it was swapped to. */
    public static Path tableRoot(String location) {
        int stage = location.indexOf(STAGES);
        return new Path(stage < 0 ? location : location.substring(0, stage));
    }

    /** The directory of the table's manifests. */
    public static Path directory(String location) {
        return new Path(tableRoot(location), DIRECTORY);
    }

    /**
     * After a commit: rewrites the manifests of the partitions it touched (catalog spec to the directory
     * that now holds its files; the empty spec for a table without partitions), listing those directories
     * only. A table that has no manifests yet (written before Sluice published them) gets all of its own.
     */
    public static void update(SparkSession session, TableIdentifier id, Map<Map<String, String>, Path> touched) {
        CatalogTable table = metadata(session, id);
        Path directory = directory(table.location().toString());
        FileSystem fs = rawFileSystem(session, directory);
        if (!HadoopFiles.exists(fs, directory)) {
            rewrite(session, id);
            return;
        }
        List<String> columns = CollectionConverters.asJava(table.partitionColumnNames());
        touched.forEach((spec, data) -> write(fs, partition(directory, columns, spec), dataFiles(fs, data)));
    }

    /**
     * Rewrites every manifest from the metastore's partitions and removes those of partitions that are no
     * longer in it: after a rollback or restore, and at start-up for tables a run was writing when the
     * service stopped (a crash between a commit and its manifests). Lists every partition and directory.
     */
    public static void rewrite(SparkSession session, TableIdentifier id) {
        CatalogTable table = metadata(session, id);
        Path directory = directory(table.location().toString());
        FileSystem fs = rawFileSystem(session, directory);
        List<String> columns = CollectionConverters.asJava(table.partitionColumnNames());
        Set<String> current = new HashSet<>();
        for (Map.Entry<Map<String, String>, Path> partition : directories(session, table).entrySet()) {
            String relative = relative(columns, partition.getKey());
            List<String> files = dataFiles(fs, partition.getValue());
            if (!files.isEmpty()) {
                write(fs, partition(directory, columns, partition.getKey()), files);
                current.add(relative);
            }
        }
        removeAllBut(fs, directory, current);
        log.info("Rewrote the symlink manifests of {}: {} partition(s)", id, current.size());
    }

    /** Where the manifests are, if the table has them (a table last written before Sluice published them has none). */
    public static boolean exists(SparkSession session, String location) {
        Path directory = directory(location);
        return HadoopFiles.exists(rawFileSystem(session, directory), directory);
    }

    /** Each partition's directory (catalog spec, in partition column order), or the table's location as the empty spec. */
    public static Map<Map<String, String>, Path> directories(SparkSession session, CatalogTable table) {
        Map<Map<String, String>, Path> directories = new HashMap<>();
        if (table.partitionColumnNames().isEmpty()) {
            directories.put(Map.of(), new Path(table.location()));
            return directories;
        }
        for (CatalogTablePartition partition : CollectionConverters.asJava(
                session.sessionState().catalog().listPartitions(table.identifier(), Option.empty()))) {
            directories.put(CollectionConverters.asJava(partition.spec()), new Path(partition.location()));
        }
        return directories;
    }

    /** The directory of one partition's manifest: the manifests' own for a table without partitions. */
    private static Path partition(Path directory, List<String> columns, Map<String, String> spec) {
        String relative = relative(columns, spec);
        return relative.isEmpty() ? directory : new Path(directory, relative);
    }

    /** {@code p1=v1/p2=v2}, escaped as Spark names partition directories; empty without partitions. */
    private static String relative(List<String> columns, Map<String, String> spec) {
        List<String> parts = new ArrayList<>();
        for (String column : columns) {
            String value = spec.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(column)).map(Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("partition " + spec + " has no value for " + column));
            parts.add(ExternalCatalogUtils.getPartitionPathString(column, value)); // the metastore may have lower-cased the spec's keys
        }
        return String.join("/", parts);
    }

    /** The data files directly in a directory, as Spark reads them: names starting with _ or . are not data. */
    private static List<String> dataFiles(FileSystem fs, Path directory) {
        try {
            if (!fs.exists(directory)) {
                return List.of();
            }
            List<String> files = new ArrayList<>();
            for (FileStatus status : fs.listStatus(directory)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                    files.add(fs.makeQualified(status.getPath()).toString());
                }
            }
            files.sort(null);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one manifest whole, so that a reader sees the old list or the new. An object store replaces an object
     * whole when its upload ends, and its rename is a copy that refuses an existing target (S3A): the manifest is
     * written in place. Elsewhere a hidden temporary file beside it is renamed over it, an atomic replace on local
     * and POSIX file systems; a file system whose rename refuses an existing target (HDFS) gets the old one deleted
     * first.
     */
    private static void write(FileSystem fs, Path partition, List<String> files) {
        Path target = new Path(partition, FILE);
        StringBuilder text = new StringBuilder();
        files.forEach(file -> text.append(file).append('\n'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (OBJECT_STORES.contains(fs.getUri().getScheme())) {
                try (var out = fs.create(target, true)) {
                    out.write(bytes);
                }
                return;
            }
            Path temp = new Path(partition, "." + FILE + "." + UUID.randomUUID() + ".tmp");
            fs.mkdirs(partition);
            try (var out = fs.create(temp, true)) {
                out.write(bytes);
            }
            if (!renamed(fs, temp, target)) {
                fs.delete(target, false);
                if (!renamed(fs, temp, target)) {
                    throw new IOException("could not move " + temp + " to " + target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean renamed(FileSystem fs, Path from, Path to) throws IOException {
        try {
            return fs.rename(from, to);
        } catch (FileAlreadyExistsException refused) {
            return false;
        }
    }

    /** Deletes the manifests (and leftover temporary files) of every partition not in {@code keep}. */
    private static void removeAllBut(FileSystem fs, Path directory, Set<String> keep) {
        try {
            if (!fs.exists(directory)) {
                return;
            }
            List<Path> stale = new ArrayList<>();
            collectStale(fs, directory, "", keep, stale);
            for (Path file : stale) {
                fs.delete(file, false);
                if (fs.listStatus(file.getParent()).length == 0 && !file.getParent().equals(directory)) {
                    fs.delete(file.getParent(), false); // a dropped partition's directory, so a directory listing finds no partition
                }
            }
            if (!stale.isEmpty()) {
                log.info("Removed {} stale manifest file(s) under {}", stale.size(), directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Walks with listStatus: the local file system's recursive listFiles asks each file for its permissions,
     * which without Hadoop's native library forks {@code ls} per file (2 s for 100 partitions, measured).
     */
    private static void collectStale(FileSystem fs, Path directory, String relative, Set<String> keep, List<Path> stale)
            throws IOException {
        for (FileStatus status : fs.listStatus(directory)) {
            String name = status.getPath().getName();
            if (status.isDirectory()) {
                collectStale(fs, status.getPath(), relative.isEmpty() ? name : relative + "/" + name, keep, stale);
            } else if (!name.equals(FILE) || !keep.contains(relative)) {
                stale.add(status.getPath());
            }
        }
    }

    /** The file system without Hadoop's .crc side files, which a rename would replace separately from the manifest. */
    private static FileSystem rawFileSystem(SparkSession session, Path path) {
        try {
            FileSystem fs = path.getFileSystem(session.sparkContext().hadoopConfiguration());
            return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CatalogTable metadata(SparkSession session, TableIdentifier id) {
        try {
            return session.sessionState().catalog().getTableMetadata(id);
        } catch (NoSuchNamespaceException | NoSuchTableException e) {
            throw new IllegalStateException("table " + id + " is not in the catalog", e);
        }
    }
}
