package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.problem.InvalidRequestException;

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
    void shouldAcceptPathsAndGlobsUnderARootAsWritten() throws Exception {
        assertThat(roots.check("path", inbox + "/events/*.csv")).isEqualTo(inbox.resolve("events/*.csv"));
        assertThat(roots.check("path", inbox + "/a.parquet")).isEqualTo(inbox.resolve("a.parquet"));
        assertThat(roots.check("path", inbox + "/{a,b}/*.json")).isEqualTo(inbox.resolve("{a,b}/*.json"));
        assertThat(roots.select("path", inbox + "/events/*.csv", false)).isEqualTo(new FileListing.Selection(List.of(), Optional.empty(), false));
    }

    @Test
    void shouldRefuseABraceGroupAcrossFolders() {
        assertThatThrownBy(() -> roots.check("path", inbox + "/{a/x,b}/*.csv")).hasMessageContaining("may not contain '/'");
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
        assertThatThrownBy(() -> roots.select("path", inbox + "/escape/*.csv", false))
                .hasMessage("path: 'escape' is a link to a folder outside the allowed roots");
    }

    @Test
    void shouldRefuseASiblingWhoseNameStartsLikeTheRoot() {
        assertThatThrownBy(() -> roots.check("path", inbox + "-other/a.csv")).hasMessageContaining("outside the allowed roots");
    }

    @Nested
    class Links {

        Path secret;

        @BeforeEach
        void outside() throws Exception {
            secret = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("passwd"), "root:x:0:0\n");
        }

        @Test
        void shouldRefuseALinkToAFileOutsideReachedByAGlob() throws Exception {
            Path mixed = Files.createDirectories(inbox.resolve("mixed"));
            Files.writeString(mixed.resolve("ok.csv"), "a\n");
            Files.createSymbolicLink(mixed.resolve("passwd.csv"), secret);

            assertRefused(inbox + "/mixed/*.csv", false, "'mixed/passwd.csv' is a link to a file outside the allowed roots");
        }

        @Test
        void shouldRefuseALinkToAFolderOutsideReachedByAGlobSegment() throws Exception {
            Files.createSymbolicLink(inbox.resolve("lnk_etc"), secret.getParent());

            assertRefused(inbox + "/lnk_et*/passwd", false, "'lnk_etc' is a link to a folder outside the allowed roots");
        }

        @Test
        void shouldRefuseAPlainFolderThatHoldsALinkOut() throws Exception {
            Path folder = Files.createDirectories(inbox.resolve("folder"));
            Files.writeString(folder.resolve("ok.csv"), "a\n");
            Files.createSymbolicLink(folder.resolve("passwd"), secret);

            assertRefused(inbox + "/folder", false, "'folder/passwd' is a link to a file outside the allowed roots");
        }

        @Test
        void shouldRefuseALinkDeepInsideARecursiveLookup() throws Exception {
            Path deep = Files.createDirectories(inbox.resolve("tree/a/b/c"));
            Files.writeString(inbox.resolve("tree/top.csv"), "a\n");
            Files.createSymbolicLink(deep.resolve("passwd.csv"), secret);

            assertRefused(inbox + "/tree", true, "'tree/a/b/c/passwd.csv' is a link to a file outside the allowed roots");
            assertThat(roots.select("path", inbox + "/tree", false).files()).containsExactly(inbox.resolve("tree/top.csv"));
        }

        @Test
        void shouldRefuseADanglingLink() throws Exception {
            Path folder = Files.createDirectories(inbox.resolve("dangling"));
            Files.createSymbolicLink(folder.resolve("gone.csv"), dir.resolve("nowhere.csv"));

            assertRefused(inbox + "/dangling/*.csv", false, "'dangling/gone.csv' is a link whose target does not exist");
            assertRefused(inbox + "/dangling", false, "'dangling/gone.csv' is a link whose target does not exist");
        }

        @Test
        void shouldRefuseALinkThatLoopsBackIntoARecursiveLookup() throws Exception {
            Path loop = Files.createDirectories(inbox.resolve("loop/sub"));
            Files.createSymbolicLink(loop.resolve("back"), inbox.resolve("loop"));

            assertRefused(inbox + "/loop", true, "'loop/sub/back' is a link to a folder that contains it");
        }

        @Test
        void shouldReadALinkThatStaysInsideTheRootUnderTheNameItWasReachedBy() throws Exception {
            Path real = Files.writeString(Files.createDirectories(inbox.resolve("real")).resolve("data.csv"), "a\n");
            Path folder = Files.createDirectories(inbox.resolve("linked"));
            Files.createSymbolicLink(folder.resolve("data.csv"), real);
            Files.createSymbolicLink(inbox.resolve("current"), real.getParent());

            assertThat(roots.select("path", inbox + "/linked/*.csv", false).files()).containsExactly(folder.resolve("data.csv"));
            assertThat(roots.select("path", inbox + "/current", false).files()).containsExactly(inbox.resolve("current/data.csv"));
        }

        @Test
        void shouldIgnoreALinkOutThatTheReadDoesNotReach() throws Exception {
            Path folder = Files.createDirectories(inbox.resolve("skipped"));
            Files.writeString(folder.resolve("ok.csv"), "a\n");
            Files.createSymbolicLink(folder.resolve("passwd.txt"), secret);
            Files.createSymbolicLink(folder.resolve("_passwd.csv"), secret);
            Files.createSymbolicLink(folder.resolve("lnk_etc"), secret.getParent()); // a sub-folder Spark does not read unless recursive

            assertThat(roots.select("path", folder + "/*.csv", false).files()).containsExactly(folder.resolve("ok.csv"));
            assertThatThrownBy(() -> roots.select("path", folder + "/*", false))
                    .hasMessage("path: 'skipped/lnk_etc' is a link to a folder outside the allowed roots"); // a folder matched is read
        }

        private void assertRefused(String path, boolean recursive, String message) {
            assertThatThrownBy(() -> roots.select("source.path", path, recursive)).isInstanceOf(InvalidRequestException.class)
                    .hasMessage("source.path: " + message)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).violations())
                            .containsExactly(new InvalidRequestException.Violation("source.path", message)));
        }
    }

    @Nested
    class Listing {

        @Test
        void shouldExpandEachGlobSegmentLikeHadoop() throws Exception {
            write("events/2024-01/a.csv", "events/2024-01/b.csv", "events/2024-01/b.json", "events/2024-02/c.csv", "events/2025-01/d.csv",
                    "events/2024-01/_hidden.csv", "events/2024-01/.hidden.csv");

            assertThat(files("/events/2024-*/*.csv", false)).containsExactly("events/2024-01/a.csv", "events/2024-01/b.csv", "events/2024-02/c.csv");
            assertThat(files("/events/202?-0[12]/{a,d}.csv", false)).containsExactly("events/2024-01/a.csv", "events/2025-01/d.csv");
            assertThat(files("/events/2024-01/b.*", false)).containsExactly("events/2024-01/b.csv", "events/2024-01/b.json");
        }

        @Test
        void shouldReadAFolderAsSparkDoesWithItsPartitionFoldersAndTheFolderAsBasePath() throws Exception {
            write("sales/top.csv", "sales/day=2024-01-01/a.csv", "sales/day=2024-01-01/hour=1/b.csv", "sales/other/c.csv",
                    "sales/_temporary/d.csv", "sales/.e.csv", "sales/_SUCCESS", "sales/f.csv._COPYING_");

            FileListing.Selection selection = roots.select("path", inbox + "/sales", false);

            assertThat(names(selection)).containsExactly("sales/day=2024-01-01/a.csv", "sales/day=2024-01-01/hour=1/b.csv", "sales/top.csv");
            assertThat(selection.basePath()).contains(inbox.resolve("sales"));
            assertThat(selection.found()).isTrue();
        }

        @Test
        void shouldReadEverySubFolderButHiddenOnesWhenRecursive() throws Exception {
            write("sales/top.csv", "sales/day=2024-01-01/a.csv", "sales/other/deep/c.csv", "sales/_temporary/d.csv", "sales/.git/e.csv");

            FileListing.Selection selection = roots.select("path", inbox + "/sales", true);

            assertThat(names(selection)).containsExactly("sales/day=2024-01-01/a.csv", "sales/other/deep/c.csv", "sales/top.csv");
            assertThat(selection.basePath()).isEmpty();
        }

        @Test
        void shouldReadAGlobOfFoldersWithoutABasePathAndSkipHiddenFilesItMatches() throws Exception {
            write("in/a/1.csv", "in/b/2.csv", "in/_c.csv", "in/d.csv");

            FileListing.Selection folders = roots.select("path", inbox + "/in/*", false);

            assertThat(names(folders)).containsExactly("in/a/1.csv", "in/b/2.csv", "in/d.csv");
            assertThat(folders.basePath()).isEmpty();
        }

        @Test
        void shouldTellAnEmptyFolderFromAPathThatMatchesNothing() throws Exception {
            Files.createDirectories(inbox.resolve("empty"));

            assertThat(roots.select("path", inbox + "/empty", false)).isEqualTo(new FileListing.Selection(List.of(), Optional.of(inbox.resolve("empty")), true));
            assertThat(roots.select("path", inbox + "/missing/*.csv", false)).isEqualTo(new FileListing.Selection(List.of(), Optional.empty(), false));
            assertThat(roots.select("path", inbox + "/empty/*.csv", false)).isEqualTo(new FileListing.Selection(List.of(), Optional.empty(), false));
        }

        private void write(String... files) throws Exception {
            for (String file : files) {
                Files.writeString(Files.createDirectories(inbox.resolve(file).getParent()).resolve(inbox.resolve(file).getFileName()), "a\n");
            }
        }

        private List<String> files(String glob, boolean recursive) {
            return names(roots.select("path", inbox + glob, recursive));
        }

        private List<String> names(FileListing.Selection selection) {
            return selection.files().stream().map(file -> inbox.relativize(file).toString()).toList();
        }
    }
}
