package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.sluice.support.CrashTrial;

/**
 * {@code scripts/reliability-trials N}: N kill-and-retry trials against the built jar, cycling through
 * every strategy × format × kill point, then one line "N passed, M failed". Not part of the build.
 */
class ReliabilityHarness {

    @Test
    void killAndRetryTrials() throws Exception {
        int trials = Integer.getInteger("reliability.trials", 40);
        List<CrashTrial> kinds = CrashTrial.all();
        Path root = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "reliability"));
        int passed = 0;
        int failed = 0;
        for (int i = 0; i < trials; i++) {
            CrashTrial trial = kinds.get(i % kinds.size());
            Path dir = root.resolve("trial-" + i);
            long start = System.nanoTime();
            try {
                trial.run(dir);
                passed++;
                FileSystemUtils.deleteRecursively(dir);
                System.out.printf("trial %d (%s): passed in %d s%n", i, trial, (System.nanoTime() - start) / 1_000_000_000);
            } catch (Exception | AssertionError e) {
                failed++;
                System.out.printf("trial %d (%s): FAILED, see %s: %s%n", i, trial, dir, e.getMessage());
            }
        }
        System.out.printf("%d passed, %d failed%n", passed, failed);
        assertThat(failed).as("failed trials").isZero();
    }
}
