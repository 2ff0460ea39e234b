package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/** How many data files and bytes a set of Parquet files holds, listed on the driver (no Spark job). */
record FileStats(long files, long bytes) {

    /** The given files, e.g. a table's {@code inputFiles()} pruned to some partitions. */
    static FileStats of(SparkSession session, String[] files) {
        long bytes = 0;
        try {
            for (String file : files) {
                Path path = new Path(URI.create(file));
                bytes += path.getFileSystem(session.sparkContext().hadoopConfiguration()).getFileStatus(path).getLen();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FileStats(files.length, bytes);
    }

    /** The data files under a directory. */
    static FileStats under(SparkSession session, Path directory) {
        List<LocatedFileStatus> files = dataFiles(session, directory);
        return new FileStats(files.size(), files.stream().mapToLong(LocatedFileStatus::getLen).sum());
    }

    /** The data files under a directory, at any depth, as Spark reads them: names starting with _ or . are not data. */
    static List<LocatedFileStatus> dataFiles(SparkSession session, Path directory) {
        List<LocatedFileStatus> files = new ArrayList<>();
        try {
            FileSystem fs = directory.getFileSystem(session.sparkContext().hadoopConfiguration());
            RemoteIterator<LocatedFileStatus> listed = fs.listFiles(directory, true);
            while (listed.hasNext()) {
                LocatedFileStatus file = listed.next();
                if (!file.getPath().getName().startsWith("_") && !file.getPath().getName().startsWith(".")) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
