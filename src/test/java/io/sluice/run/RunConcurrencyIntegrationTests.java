package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

@SluiceIntegrationTest
class RunConcurrencyIntegrationTests {

    record Interval(OffsetDateTime start, OffsetDateTime end) {
        boolean overlaps(Interval other) {
            return start.isBefore(other.end) && other.start.isBefore(end);
        }
    }

    @Autowired
    SluiceClient sluice;

    @Test
    void shouldRunOneTableSeriallyInSubmissionOrderAndTwoTablesInParallel() {
        String tableA = SluiceClient.uniqueTable("lane_a");
        String tableB = SluiceClient.uniqueTable("lane_b");
        List<String> runsA = new ArrayList<>();
        List<String> runsB = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            runsA.add(sluice.submit(AppendRunIntegrationTests.inline(tableA, "id BIGINT", "{\"id\": " + i + "}")));
            runsB.add(sluice.submit(AppendRunIntegrationTests.inline(tableB, "id BIGINT", "{\"id\": " + i + "}")));
        }
        List<Interval> a = intervals(runsA);
        List<Interval> b = intervals(runsB);

        for (List<Interval> lane : List.of(a, b)) {
            for (int i = 0; i + 1 < lane.size(); i++) {
                assertThat(lane.get(i).end()).as("run %d of a table ends before the next starts", i + 1)
                        .isBeforeOrEqualTo(lane.get(i + 1).start());
            }
        }
        assertThat(a.stream().anyMatch(x -> b.stream().anyMatch(x::overlaps))).as("some runs on the two tables overlap").isTrue();
        assertThat(sluice.rows(tableA, "id")).containsExactly(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3));
        assertThat(sluice.rows(tableB, "id")).containsExactly(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3));
    }

    @Test
    void twoMergesOnOneTableShouldApplyInOrderWhileMergesOnOtherTablesProceed() {
        String shared = SluiceClient.uniqueTable("merges");
        String other = SluiceClient.uniqueTable("merges_other");
        for (String table : List.of(shared, other)) {
            intervals(List.of(sluice.submit(merge(table, "{\"id\": 1, \"v\": \"seed\"}, {\"id\": 2, \"v\": \"seed\"}"))));
        }
        List<String> onShared = List.of(sluice.submit(merge(shared, "{\"id\": 1, \"v\": \"first\"}, {\"id\": 3, \"v\": \"first\"}")),
                sluice.submit(merge(shared, "{\"id\": 1, \"v\": \"second\"}, {\"id\": 2, \"v\": \"second\"}")));
        List<String> onOther = List.of(sluice.submit(merge(other, "{\"id\": 2, \"v\": \"x\"}")),
                sluice.submit(merge(other, "{\"id\": 4, \"v\": \"y\"}")));
        List<Interval> shared2 = intervals(onShared);
        intervals(onOther);

        assertThat(shared2.get(0).end()).isBeforeOrEqualTo(shared2.get(1).start());
        assertThat(sluice.rows(shared, "id")).containsExactly(Map.of("id", 1, "v", "second"), Map.of("id", 2, "v", "second"),
                Map.of("id", 3, "v", "first"));
        assertThat(sluice.rows(other, "id")).containsExactly(Map.of("id", 1, "v", "seed"), Map.of("id", 2, "v", "x"),
                Map.of("id", 4, "v", "y"));
    }

    private static String merge(String table, String rows) {
        return """
                {"table": "%s", "strategy": "merge", "keys": ["id"],
                 "source": {"type": "inline", "schema": "id BIGINT, v STRING", "rows": [%s]}}""".formatted(table, rows);
    }

    private List<Interval> intervals(List<String> ids) {
        return ids.stream().map(sluice::awaitEnd).map(run -> {
            assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
            return new Interval(time(run, "startedAt"), time(run, "finishedAt"));
        }).toList();
    }

    private static OffsetDateTime time(JsonNode run, String field) {
        return OffsetDateTime.parse(run.get(field).asString());
    }
}
