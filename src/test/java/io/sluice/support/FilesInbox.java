package io.sluice.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A crash trial's incremental files source: a csv inbox of its table's under the service's file root, one file per load
 * ({@code id,name,day} rows), and the table's record of the files it loaded.
 */
record FilesInbox(Path dir) {

    /** The table's inbox, under the default root ({@code <data dir>/inbox}), as the service resolves it. */
    static FilesInbox of(ServiceProcess service, String table) throws IOException {
        Path root = Files.createDirectories(service.dataDir().resolve("inbox")).toRealPath();
        return new FilesInbox(Files.createDirectories(root.resolve(table.replace('.', '_'))));
    }

    /** Adds a file with a modification time of its own, so that two files written within a second still differ. */
    void add(String name, String... rows) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "id,name,day\n" + String.join("\n", rows) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusMillis(System.nanoTime() % 1000)));
    }

    /** An append of the files the table has not loaded yet. */
    String append(String table, String format) {
        return """
                {"table": "%s", "format": "%s", "strategy": "append", "partitionBy": ["day"],
                 "source": {"type": "files", "format": "csv", "path": "%s/*.csv", "options": {"header": "true"},
                            "schema": "id BIGINT, name STRING, day STRING", "incremental": true}}""".formatted(table, format, dir);
    }

    /** The table's loaded files as "file name:run id", by path. */
    List<String> loaded(ServiceProcess service, String table) throws IOException, InterruptedException {
        List<String> files = new ArrayList<>();
        service.json("GET", "/api/v1/tables/" + table + "/files?limit=100", null).get("files").forEach(file -> {
            Path path = Path.of(file.get("path").asString());
            assertThat(path.getParent()).as("loaded from the inbox").isEqualTo(dir);
            files.add(path.getFileName() + ":" + file.get("runId").asString());
        });
        return files;
    }
}
