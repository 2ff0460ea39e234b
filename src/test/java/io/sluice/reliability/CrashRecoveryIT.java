package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.FileSystemUtils;

/**
 * kill -9 (a JVM halt) at three points that matter, then a restart and a retry with the same
 * idempotency key: before the write, between a Parquet commit's steps (and inside a Parquet append's
 * file moves), and after the commit but before the ledger knew. The reliability harness runs every strategy × format × point.
 */
class CrashRecoveryIT {

    @ParameterizedTest(name = "{0} on {1}, killed at {2}")
    @CsvSource({
            "merge,          delta,   written",
            "drop_partition, parquet, partitions-added",
            "append,         parquet, moving" })
    void killAndRetryShouldLeaveTheTableExactAndTheLedgerTruthful(String strategy, String format, String step) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "crash-" + UUID.randomUUID()));
        assertThatCode(() -> new CrashTrial(strategy, format, step).run(dir)).as("the trial's checks").doesNotThrowAnyException();
        FileSystemUtils.deleteRecursively(dir); // kept only when the trial fails, for its log
    }
}
