package io.sluice.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/** The staging area's promises: whole pages, a manifest that survives a torn last line, and file names that identify requests. */
class StagingAreaTests {

    @TempDir
    Path root;

    @Test
    void aPageShouldBeStagedAsJsonLinesAndCountOnlyOnceItsRequestIsRecorded() throws Exception {
        StagingArea area = StagingArea.of(root, "openf1", "laps", "b1");
        var page = area.write("driver_number=1", 1, JsonMapper.builder().build().readTree("[{\"lap\": 1}, {\"lap\": 2}]"),
                StagingArea.sha256());

        assertThat(Files.readAllLines(area.dir().resolve(page.file()))).containsExactly("{\"lap\":1}", "{\"lap\":2}");
        assertThat(page.bytes()).isEqualTo(20);
        assertThat(area.pages()).as("not in the manifest yet: a rerun fetches it again").isEmpty();

        area.record(entry("driver_number=1", List.of(page.file())));
        assertThat(area.pages()).containsExactly("driver_number=1__page-00001.jsonl");
    }

    @Test
    void aManifestLineTornByACrashShouldLeaveItsRequestNotDone() throws Exception {
        StagingArea area = StagingArea.of(root, "openf1", "laps", "b1");
        area.record(entry("a", List.of()));
        Files.writeString(area.dir().resolve(StagingArea.MANIFEST), "{\"request\": \"b\", \"param", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertThat(area.completed().keySet()).containsExactly("a");
    }

    @Test
    void requestIdsShouldNameTheParametersSortedAndStayUniqueWhenMadeSafe() {
        assertThat(StagingArea.requestId(Map.of("session_key", "9158", "driver_number", "1"))).isEqualTo("driver_number=1__session_key=9158");
        assertThat(StagingArea.requestId(Map.of())).isEqualTo("all");
        String spaced = StagingArea.requestId(Map.of("q", "a b"));
        String underscored = StagingArea.requestId(Map.of("q", "a_b"));
        assertThat(spaced).startsWith("q=a_b~").isNotEqualTo(underscored);
        assertThat(StagingArea.requestId(Map.of("_hidden", "1"))).as("Spark skips files starting with _").startsWith("r_hidden=1");
        assertThat(StagingArea.requestId(Map.of("q", "x".repeat(500)))).hasSizeLessThanOrEqualTo(117);
    }

    private static StagingArea.Entry entry(String request, List<String> files) {
        return new StagingArea.Entry(request, Map.of(), StagingArea.Entry.STAGED, files.size(), 2, 20, "00", files, "now", "run");
    }
}
