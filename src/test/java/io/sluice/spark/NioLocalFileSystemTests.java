package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options.Rename;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system Sluice's engine uses: Hadoop's, with permissions and links read and set in-process. */
class NioLocalFileSystemTests {

    @TempDir
    java.nio.file.Path folder;

    static Configuration conf() {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        conf.set("fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
        return conf;
    }

    @Test
    void shouldCreateFilesWithTheirPermissionAndChecksum() throws Exception {
        FileSystem fs = new Path(folder.toUri()).getFileSystem(conf());
        assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
        Path file = new Path(folder.resolve("part-0.parquet").toUri());
        try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
            out.write("rows".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("part-0.parquet")))).isEqualTo("rw-r-----");
        assertThat(folder.resolve(".part-0.parquet.crc")).exists();
        fs.setPermission(file, new FsPermission((short) 0604));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("part-0.parquet")))).isEqualTo("rw----r--");
    }

    @Test
    void shouldRenameWithFileContextAsDeltaCommitsDoRefusingToOverwrite() throws Exception {
        FileContext context = FileContext.getFileContext(folder.toUri(), conf());
        Path temp = new Path(folder.resolve(".00001.json.tmp").toUri());
        Path commit = new Path(folder.resolve("00001.json").toUri());
        try (FSDataOutputStream out = context.create(temp, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        context.rename(temp, commit, Rename.NONE);
        assertThat(folder.resolve("00001.json")).hasContent("{}");
        Files.writeString(folder.resolve("other"), "x");
        assertThatThrownBy(() -> context.rename(new Path(folder.resolve("other").toUri()), commit, Rename.NONE))
                .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
    }

    @Test
    void shouldAnswerLinkStatusesAsHadoopsOwnLocalFileSystemDoes() throws Exception {
        FileSystem fs = new Path(folder.toUri()).getFileSystem(conf());
        FileSystem hadoops = FileSystem.newInstanceLocal(new Configuration(false));
        Files.writeString(folder.resolve("data"), "x");
        Files.createSymbolicLink(folder.resolve("link"), folder.resolve("data"));
        for (String name : new String[] {"data", "link"}) {
            for (Path path : new Path[] {new Path(folder.resolve(name).toString()), new Path(folder.resolve(name).toUri())}) {
                assertThat(fs.getFileLinkStatus(path).isSymlink()).as(path.toString()).isEqualTo(hadoops.getFileLinkStatus(path).isSymlink());
                assertThat(fs.getFileLinkStatus(path).getLen()).isEqualTo(hadoops.getFileLinkStatus(path).getLen());
            }
        }
        assertThat(fs.getFileLinkStatus(new Path(folder.resolve("link").toString())).isSymlink()).isTrue();
        assertThatThrownBy(() -> fs.getFileLinkStatus(new Path(folder.resolve("missing").toUri()))).isInstanceOf(FileNotFoundException.class);
    }
}
