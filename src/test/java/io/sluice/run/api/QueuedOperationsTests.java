package io.sluice.run.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.sluice.run.Compaction;
import io.sluice.run.RestoreTarget;
import io.sluice.run.TableOperation;
import io.sluice.run.Vacuum;
import io.sluice.web.EnumNames;
import io.sluice.web.JsonStrictness;
import tools.jackson.databind.json.JsonMapper;

/** With several replicas, a restore or maintenance run queued on one replica is read back from the ledger by another. */
class QueuedOperationsTests {

    private final JsonMapper json = JsonStrictness.apply(EnumNames.apply(JsonMapper.builder())).build();

    @Test
    void everyOperationShouldReadBackFromTheLedgerAsItWasQueued() {
        List<TableOperation> operations = List.of(new RestoreTarget(3L, null, null),
                new RestoreTarget(null, OffsetDateTime.parse("2026-08-01T12:00:00.123456Z"), null), RestoreTarget.rollback(UUID.randomUUID()),
                new Compaction(8, 128L << 20, UUID.randomUUID()), new Compaction(4, 1L << 20, null),
                new Vacuum(Duration.ofHours(168), 10, true), new Vacuum(Duration.ofMinutes(90), 0, false));
        for (TableOperation operation : operations) {
            assertThat(json.readValue(json.writeValueAsString(operation), operation.getClass())).isEqualTo(operation);
        }
    }
}
