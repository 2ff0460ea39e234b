package io.sluice.run.auto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.sluice.format.PartitionFiles;
import io.sluice.run.Run;
import io.sluice.run.RunKind;
import io.sluice.table.TableFormat;
import io.sluice.write.RunMetrics;

/** The partitions a compaction check looks at: those an overwrite recorded, all of them after an append or a merge. */
class AutoCompactionTests {

    private static final PartitionFiles FIRST = new PartitionFiles(Map.of("day", "2024-08-01"), 5, 5, 500);
    private static final PartitionFiles SECOND = new PartitionFiles(Map.of("day", "2024-08-02"), 5, 5, 500);

    @Test
    void anOverwriteShouldTouchThePartitionsItReplaced() {
        Predicate<PartitionFiles> touched = AutoCompaction.touched(List.of(
                run(RunKind.DYNAMIC_OVERWRITE, RunMetrics.replaced(1, 1, 1, 1, 10, List.of(Map.of("day", "2024-08-02"))))));
        assertThat(List.of(FIRST, SECOND)).filteredOn(touched).containsExactly(SECOND);
    }

    @Test
    void anAppendAmongTheRunsShouldTouchEveryPartition() {
        Predicate<PartitionFiles> touched = AutoCompaction.touched(List.of(
                run(RunKind.DROP_PARTITION, RunMetrics.replaced(1, 1, 1, 1, 10, List.of(Map.of("day", "2024-08-02")))),
                run(RunKind.APPEND, RunMetrics.appended(1, 1, 10))));
        assertThat(List.of(FIRST, SECOND)).filteredOn(touched).containsExactly(FIRST, SECOND);
    }

    @Test
    void anOverwriteOfATableWithoutPartitionsShouldTouchIt() {
        PartitionFiles table = new PartitionFiles(Map.of(), 5, 5, 500);
        Predicate<PartitionFiles> touched = AutoCompaction.touched(List.of(run(RunKind.DYNAMIC_OVERWRITE, RunMetrics.replaced(1, 1, 1, 1, 10,
                List.of()))));
        assertThat(List.of(table)).filteredOn(touched).containsExactly(table);
    }

    private static Run run(RunKind kind, RunMetrics metrics) {
        return new Run(UUID.randomUUID(), io.sluice.run.RunStatus.SUCCEEDED, "db.t", kind, TableFormat.DELTA, List.of("day"),
                new Run.SourceSummary("inline", "1 row"), OffsetDateTime.now(), null, null, 0L, 1L, metrics, null, false, null, null, null,
                null, null, null, null, null, null);
    }
}
