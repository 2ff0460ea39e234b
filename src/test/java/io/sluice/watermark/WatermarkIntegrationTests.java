package io.sluice.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import io.sluice.web.EnumNames;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import tools.jackson.databind.JsonNode;

/** Watermarks: increments load only what is new, advance only with their commit, and boundary ties are exact. */
@SluiceIntegrationTest
class WatermarkIntegrationTests {

    @Autowired
    SluiceClient sluice;

    /**
     * Five increments of a source that keeps its old rows (as a re-exported file would): each run
     * loads exactly the rows beyond the last watermark; an increment with nothing new commits nothing.
     */
    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void fiveIncrementsShouldLoadExactlyWhatIsNew(TableFormat format) {
        String table = SluiceClient.uniqueTable("wm");
        List<long[]> source = new ArrayList<>(); // {id, t}
        List<Long> oracle = new ArrayList<>();
        String watermark = null;
        long[][][] increments = { { { 1, 10 }, { 2, 20 } }, { { 3, 30 } }, { }, { { 4, 40 }, { 5, 40 } }, { { 6, 35 }, { 7, 50 } } };
        for (long[][] increment : increments) {
            for (long[] row : increment) {
                source.add(row);
            }
            Long previous = watermark == null ? null : Long.parseLong(watermark);
            long loaded = source.stream().filter(row -> previous == null || row[1] > previous).count();
            source.stream().filter(row -> previous == null || row[1] > previous).forEach(row -> oracle.add(row[0]));
            JsonNode run = ok(run(table, format, "append", "\"watermark\": {\"column\": \"t\"}", source));
            long max = source.stream().mapToLong(row -> row[1]).max().orElseThrow();
            assertThat(run.get("metrics").get("rowsInserted").asLong()).isEqualTo(loaded);
            if (loaded == 0) {
                assertThat(run.get("watermark").isNull()).as("nothing new leaves the watermark").isTrue();
            } else {
                assertThat(run.get("watermark").get("after").asString()).isEqualTo(Long.toString(max));
                watermark = Long.toString(max);
            }
            assertThat(ids(table)).containsExactlyInAnyOrderElementsOf(oracle);
        }
        // row 6 (t=35) arrived late, below the watermark: incremental loads do not see it, by design
        assertThat(ids(table)).doesNotContain(6L);
        JsonNode described = sluice.table(table);
        assertThat(described.get("watermarks").get(0).get("name").asString()).isEqualTo("t");
        assertThat(described.get("watermarks").get(0).get("value").asString()).isEqualTo("50");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void inclusiveShouldLoadBoundaryTiesOnceByKey(TableFormat format) {
        String table = SluiceClient.uniqueTable("wm_ties");
        String options = "\"keys\": [\"id\"], \"watermark\": {\"column\": \"t\", \"inclusive\": true}";
        ok(run(table, format, "append", options, List.of(new long[] { 1, 10 }, new long[] { 2, 20 })));
        // id 3 shares the boundary t=20 but arrived after the first load; id 2 is already loaded
        ok(run(table, format, "append", options, List.of(new long[] { 1, 10 }, new long[] { 2, 20 }, new long[] { 3, 20 },
                new long[] { 4, 30 })));
        assertThat(ids(table)).containsExactly(1L, 2L, 3L, 4L);
        ok(run(table, format, "merge", options, List.of(new long[] { 4, 30 }, new long[] { 5, 30 })));
        assertThat(ids(table)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void anOperatorShouldSetAndResetAWatermark() {
        String table = SluiceClient.uniqueTable("wm_ops");
        List<long[]> rows = List.of(new long[] { 1, 10 }, new long[] { 2, 20 }, new long[] { 3, 30 });
        ok(run(table, TableFormat.DELTA, "append", "\"watermark\": {\"column\": \"t\", \"name\": \"feed\", \"initial\": \"15\"}", rows));
        assertThat(ids(table)).containsExactly(2L, 3L);

        JsonNode set = sluice.put("/api/v1/tables/" + table + "/watermarks/feed", "{\"column\": \"t\", \"value\": \"5\"}").getBody();
        assertThat(set.get("value").asString()).isEqualTo("5");
        assertThat(set.get("runId").isNull()).isTrue();
        ok(run(table, TableFormat.DELTA, "append", "\"watermark\": {\"column\": \"t\", \"name\": \"feed\"}", rows));
        assertThat(ids(table)).containsExactly(1L, 2L, 2L, 3L, 3L); // the backfill loads from 5 again

        assertThat(sluice.delete("/api/v1/tables/" + table + "/watermarks/feed").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(sluice.delete("/api/v1/tables/" + table + "/watermarks/feed").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(sluice.table(table).get("watermarks")).isEmpty();
    }

    @Test
    void anInclusiveWatermarkWithoutKeysShouldBeRefused() {
        var response = sluice.post("/api/v1/runs", request(SluiceClient.uniqueTable("wm_nokeys"), TableFormat.DELTA, "append",
                "\"watermark\": {\"column\": \"t\", \"inclusive\": true}", List.of(new long[] { 1, 1 })));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("watermark.inclusive");
    }

    private List<Long> ids(String table) {
        return sluice.rows(table, "id").stream().map(row -> ((Number) row.get("id")).longValue()).sorted().toList();
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private String run(String table, TableFormat format, String strategy, String options, List<long[]> rows) {
        return sluice.submit(request(table, format, strategy, options, rows));
    }

    private static String request(String table, TableFormat format, String strategy, String options, List<long[]> rows) {
        List<String> json = rows.stream().map(row -> "{\"id\": %d, \"t\": %d}".formatted(row[0], row[1])).toList();
        return """
                {"table": "%s", "format": "%s", "strategy": "%s", %s,
                 "source": {"type": "inline", "schema": "id BIGINT, t BIGINT", "rows": [%s]}}"""
                .formatted(table, EnumNames.of(format), strategy, options, String.join(",", json));
    }
}
