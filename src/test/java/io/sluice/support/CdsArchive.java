package io.sluice.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The class data sharing archive of the extracted jar the build leaves in {@code sluice.cds.dir}
 * ({@code cds-extract}), trained as the README and the Dockerfile train it: one start that warms the engine and
 * exits. The first process test that starts the service extracted trains it; the test JVMs beside it wait on a file
 * lock. Trained by the build before the tests, it kept both cores for a run that keeps about one busy (BENCHMARKS.md,
 * Test suite time); this way {@code StandaloneClusterIT}, which starts the executable jar, runs beside the training.
 */
final class CdsArchive {

    private static final long TRAINING_MINUTES = 5;

    private CdsArchive() {
    }

    /**
     * The archive, trained first if no process test has yet, with {@code java} the service's own command up to its
     * {@code -jar}; empty without an extracted jar (a run outside the build).
     */
    static synchronized Optional<Path> trained(Path dir, Path jar, List<String> java) throws IOException, InterruptedException {
        Path archive = dir.resolve("sluice.jsa");
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(dir.resolve("training.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (!Files.isRegularFile(archive)) {
                train(dir, jar, archive, java);
            }
        }
        return Optional.of(archive);
    }

    private static void train(Path dir, Path jar, Path archive, List<String> java) throws IOException, InterruptedException {
        Path log = dir.resolve("cds-training.log");
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(), "--server.port=0",
                "--sluice.data-dir=" + dir.resolve("training-data"), "--sluice.spark.exit-after-warm-up=true"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TRAINING_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(archive)) {
            Files.deleteIfExists(archive); // a half-written archive must not be taken for a trained one
            throw new IllegalStateException("the CDS training run failed (exit " + process.exitValue() + "); see " + log);
        }
    }
}
