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
