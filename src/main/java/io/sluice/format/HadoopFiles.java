package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** The Hadoop file system calls the Parquet commit protocol makes, with their IOException unchecked. */
final class HadoopFiles {

    private HadoopFiles() {
    }

    static FileSystem fileSystem(SparkSession session, Path path) {
        try {
            return path.getFileSystem(session.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(FileSystem fs, Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(SparkSession session, Path path) {
        return exists(fileSystem(session, path), path);
    }

    static void mkdirs(SparkSession session, Path path) {
        try {
            fileSystem(session, path).mkdirs(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
