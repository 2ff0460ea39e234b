package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.api.InvalidRequestException;

class FileRootsTests {

    @TempDir
    Path dir;
    Path inbox;
    FileRoots roots;

    @BeforeEach
    void roots() throws Exception {
        inbox = Files.createDirectories(dir.resolve("inbox"));
        roots = new FileRoots(new SourceProperties(new SourceProperties.Files(List.of(inbox)), new SourceProperties.Inline(10), null, null));
    }

    @Test
    void shouldAcceptPathsAndGlobsUnderARootAsFileUris() throws Exception {
        assertThat(roots.check("path", inbox + "/events/*.csv")).isEqualTo("file:" + inbox.toRealPath() + "/events/*.csv");
        assertThat(roots.check("path", inbox + "/a.parquet")).isEqualTo("file:" + inbox.toRealPath() + "/a.parquet");
        assertThat(roots.check("path", inbox + "/{a,b}/*.json")).startsWith("file:");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/etc/passwd", "relative/file.csv", "file:///etc/passwd", "hdfs://nn/data", "s3a://bucket/x",
            "/inbox/../etc", "", " " })
    void shouldRefusePathsOutsideTheRootsOrNotPlain(String path) {
        assertThatThrownBy(() -> roots.check("source.path", path)).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).violations()).first()
                        .extracting(InvalidRequestException.Violation::field).isEqualTo("source.path"));
    }

    @Test
    void shouldRefuseDotDotEvenWhenItStaysInside() {
        assertThatThrownBy(() -> roots.check("path", inbox + "/x/../a.csv")).hasMessageContaining("'..' is not allowed");
        assertThatThrownBy(() -> roots.check("path", inbox + "/{..,x}/a.csv")).hasMessageContaining("'..' is not allowed");
    }

    @Test
    void shouldRefuseASymbolicLinkThatLeadsOutOfTheRoot() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(inbox.resolve("escape"), outside);
        assertThatThrownBy(() -> roots.check("path", inbox + "/escape/*.csv")).hasMessageContaining("outside the allowed roots");
    }

    @Test
    void shouldRefuseASiblingWhoseNameStartsLikeTheRoot() {
        assertThatThrownBy(() -> roots.check("path", inbox + "-other/a.csv")).hasMessageContaining("outside the allowed roots");
    }
}
