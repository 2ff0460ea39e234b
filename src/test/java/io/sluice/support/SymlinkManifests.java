package io.sluice.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/** Checks a local Parquet table's symlink manifests against the current directories its {@code GET /tables} names. */
public final class SymlinkManifests {

    private SymlinkManifests() {
    }

    /** One manifest a partition, and their lines exactly the data files of the current directories. */
    public static void assertListExactlyTheCurrentFiles(JsonNode currentData) {
        JsonNode directories = currentData.get("directories");
        List<Path> manifests = manifests(currentData.get("symlinkManifest").asString());
        List<String> listed = new ArrayList<>();
        manifests.forEach(manifest -> listed.addAll(lines(manifest)));
        List<String> files = new ArrayList<>();
        for (JsonNode directory : directories) {
            try (Stream<Path> list = Files.list(local(directory.get("directory").asString()))) {
                list.filter(file -> !file.getFileName().toString().startsWith(".") && !file.getFileName().toString().startsWith("_"))
                        .filter(Files::isRegularFile).map(file -> "file:" + file).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(manifests).as("one manifest a partition").hasSize(directories.size());
        assertThat(listed).as("the manifests' lines").containsExactlyInAnyOrderElementsOf(files);
    }

    /** A file: URI as Hadoop writes it, unescaped: partition directory names hold % and spaces literally. */
    public static Path local(String uri) {
        assertThat(uri).startsWith("file:/");
        return Path.of(uri.substring("file:".length()));
    }

    private static List<Path> manifests(String directory) {
        try (Stream<Path> walk = Files.walk(local(directory))) {
            return walk.filter(file -> file.getFileName().toString().equals("manifest")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path manifest) {
        try {
            return Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
