package io.sluice.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.tools.ToolProvider;

/**
 * Another engine on the same metastore: a long-lived JVM with plain Spark and Delta, started from the single-file
 * program {@code catalog/Reader.java} with the JDK's source launcher. Its classpath is the test classpath's jars but
 * Spring's and logback's, and no classes directory: no Sluice class. It needs Servlet 5's
 * {@code SingleThreadModel}, compiled here on its own, as any Spark 4 JVM beside Servlet 6 does.
 */
public final class PlainSparkReader implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path log;
    private final String banner;

    private PlainSparkReader(Process process, Path log, Duration timeout) throws Exception {
        this.process = process;
        this.log = log;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.banner = await(() -> {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("READY ")) {
                    return line;
                }
            }
            throw new IllegalStateException("the reader exited before its session started; see " + log);
        }, timeout);
    }

    /** Starts the JVM against {@code metastoreUri}; answers once its SparkSession is up. */
    public static PlainSparkReader start(Path dir, String metastoreUri) throws Exception {
        Files.createDirectories(dir);
        Path shim = compileShim(dir.resolve("shim"));
        String jars = Arrays.stream(HiveMetastore.dependencyJars().split(File.pathSeparator))
                .filter(jar -> !jar.contains("/org/springframework/") && !jar.contains("/ch/qos/logback/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(Arrays.asList(System.getProperty("spark.jvm.flags", "").split("\\s+")));
        command.addAll(List.of("-cp", jars + File.pathSeparator + shim, program().toString(), metastoreUri));
        Path log = dir.resolve("reader.log");
        Process process = new ProcessBuilder(command.stream().filter(arg -> !arg.isBlank()).toList()).directory(dir.toFile())
                .redirectError(log.toFile()).start();
        try {
            return new PlainSparkReader(process, log, Duration.ofMinutes(3));
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The reader's first line: its Spark version and whether Sluice's classes are on its classpath. */
    public String banner() {
        return banner;
    }

    /** The table's rows read by name, each a JSON object of its columns as text, sorted. */
    public List<String> read(String table) throws Exception {
        in.write(table + "\n");
        in.flush();
        return await(() -> {
            List<String> rows = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ROW ")) {
                    rows.add(line.substring(4));
                } else if (line.startsWith("END ")) {
                    return rows;
                } else if (line.startsWith("ERROR ")) {
                    throw new IllegalStateException("the reader could not read " + table + ": " + line.substring(6));
                }
            }
            throw new IllegalStateException("the reader exited; see " + log);
        }, Duration.ofMinutes(2));
    }

    private interface Answer<T> {
        T read() throws IOException;
    }

    private <T> T await(Answer<T> answer, Duration timeout) throws Exception {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
            try {
                return answer.read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the reader did not answer within " + timeout + "; see " + log);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Path program() throws URISyntaxException {
        return Path.of(PlainSparkReader.class.getResource("/catalog/Reader.java").toURI());
    }

    private static Path compileShim(Path dir) throws IOException {
        Path source = Files.createDirectories(dir.resolve("src/jakarta/servlet")).resolve("SingleThreadModel.java");
        Files.writeString(source, "package jakarta.servlet;\npublic interface SingleThreadModel {\n}\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
        if (status != 0) {
            throw new IllegalStateException("cannot compile the Servlet 5 shim for the reader");
        }
        return classes;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.close(); // end of input: the reader stops its session and exits
        } catch (IOException alreadyGone) {
            // exited
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
