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
 * kill -9 (a JVM halt) in an append from an incremental files source, after a Delta commit the ledger did not record and
 * while a Parquet write was only staged: the restarted service reports the run as its table has it (SUCCEEDED from the
 * commit, with its files recorded; else INTERRUPTED, its files not loaded), and after the key's retry a further run over
 * the inbox loads each file exactly once. The reliability harness runs every step on both formats.
 */
class FilesCrashIT {

    @Test
    void aHaltedIncrementalFilesRunShouldLeaveEachFileLoadedExactlyOnce() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "files-crash-" + UUID.randomUUID()));
        CrashTrial.chain(dir, List.of(new CrashTrial("files", "delta", FaultStep.WRITTEN), new CrashTrial("files", "parquet", FaultStep.STAGED)));
        FileSystemUtils.deleteRecursively(dir); // kept only when the chain fails, for its log
    }
}
