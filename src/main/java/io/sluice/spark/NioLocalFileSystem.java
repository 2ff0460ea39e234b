package io.sluice.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a process forked per file. Without Hadoop's
 * native library, {@link RawLocalFileSystem} runs {@code chmod} to set the permission of every file
 * it creates (each Parquet file, its checksum, each Delta commit) and {@code readlink} to rename one:
 * a fork from a JVM of several GB is slow, and a small partitioned append forks for every file (BENCHMARKS.md).
 * Java's own file API does both in-process; anything it cannot do (a sticky bit, a file system
 * without POSIX permissions, a symbolic link) goes to Hadoop's code as before.
 */
public class NioLocalFileSystem extends LocalFileSystem {

    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw file system under the checksums; also the one {@link NioLocalFs} delegates to. */
    public static class Raw extends RawLocalFileSystem {

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) {
                super.setPermission(p, permission);
                return;
            }
            String symbols = permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL;
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(symbols));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(p, permission);
            }
        }

        /** A path that is no symbolic link has its plain status: Hadoop forks {@code readlink} to find that out. */
        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            return Files.isSymbolicLink(pathToFile(f).toPath()) ? super.getFileLinkStatus(f) : getFileStatus(f);
        }
    }
}
