package io.sluice.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.sluice.write.FaultStep;
import io.sluice.support.CrashTrial;

/**
 * kill -9 (a JVM halt) at seven points that matter, then a restart and a retry with the same
 * idempotency key: after a Delta commit the ledger did not record, between a Parquet commit's steps,
 * inside a Parquet append's file moves, between a Parquet swap and its symlink manifests, between
 * a Parquet compaction's steps, and in an incremental files run after its Delta commit and while its Parquet
 * write is only staged (each file then loaded exactly once). The trials form one chain on one data directory,
 * each on its own table (8 JVM starts, not 14). The reliability harness runs every strategy × format × point, each in JVMs of its own.
 */
class CrashRecoveryIT {

    @Test
    void killAndRetryShouldLeaveEachTableExactAndTheLedgerTruthful() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "crash-" + UUID.randomUUID()));
        CrashTrial.chain(dir, List.of(new CrashTrial("merge", "delta", FaultStep.WRITTEN),
                new CrashTrial("drop_partition", "parquet", FaultStep.PARTITIONS_ADDED),
                new CrashTrial("append", "parquet", FaultStep.MOVING), new CrashTrial("merge", "parquet", FaultStep.SWAPPED),
                new CrashTrial("compact", "parquet", FaultStep.PARTITIONS_ADDED),
                new CrashTrial("files", "delta", FaultStep.WRITTEN), new CrashTrial("files", "parquet", FaultStep.STAGED)));
        FileSystemUtils.deleteRecursively(dir); // kept only when the chain fails, for its log
    }
}
