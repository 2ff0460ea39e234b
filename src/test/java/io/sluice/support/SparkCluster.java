package io.sluice.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Spark standalone cluster on loopback: one master and one worker, each its own JVM started
 * from the Spark jars of the test classpath (a SPARK_HOME whose {@code jars} links to them), with
 * free ports and bounded memory. The worker starts executors as JVMs of their own, as on any cluster.
 */
public final class SparkCluster implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path home;
    private final int port = freePort();
    private final int webUiPort = freePort();
    private final List<Process> daemons = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private SparkCluster(Path home) {
        this.home = home;
    }

    /** Starts the master and a worker with {@code cores} and {@code memory} (e.g. "2g"), and waits until the worker has registered. */
    public static SparkCluster start(Path dir, int cores, String memory) throws Exception {
        SparkCluster cluster = new SparkCluster(sparkHome(dir.resolve("spark-home")));
        try {
            cluster.daemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(cluster.port),
                    "--webui-port", Integer.toString(cluster.webUiPort));
            cluster.daemon("worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--webui-port",
                    Integer.toString(freePort()), "--cores", Integer.toString(cores), "--memory", memory, "--work-dir",
                    Files.createDirectories(dir.resolve("work")).toString(), cluster.url());
            cluster.awaitWorkers(1, Duration.ofMinutes(2));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:<port>}: what {@code sluice.spark.master} is set to. */
    public String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** What the jar needs to drive this cluster: its master, the driver's loopback address, and {@code executorMemory} per executor. */
    public String[] driverArguments(String executorMemory) {
        return new String[] { "--sluice.spark.master=" + url(), "--sluice.spark.conf.spark.driver.host=127.0.0.1",
                "--sluice.spark.conf.[spark.driver.bindAddress]=127.0.0.1", "--sluice.spark.conf.spark.executor.memory=" + executorMemory };
    }

    /** The master's state as its web UI reports it ({@code /json/}: workers, active and completed applications). */
    public JsonNode state() throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private void awaitWorkers(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process daemon : daemons) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("a Spark daemon exited with " + daemon.exitValue() + "; see " + home.getParent());
                }
            }
            try {
                if (state().get("aliveworkers").asInt() >= count) {
                    return;
                }
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no worker registered within " + timeout + "; see " + home.getParent());
    }

    private void daemon(String name, String mainClass, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(Arrays.asList(System.getProperty("spark.jvm.flags", "").split("\\s+")));
        command.addAll(List.of("-cp", home.resolve("conf") + File.pathSeparator + home.resolve("jars") + File.separator + "*", mainClass));
        command.addAll(Arrays.asList(arguments));
        ProcessBuilder builder = new ProcessBuilder(command.stream().filter(arg -> !arg.isBlank()).toList()).redirectErrorStream(true)
                .redirectOutput(home.getParent().resolve(name + ".log").toFile());
        // The worker builds its executors' command line from SPARK_HOME (jars/ and conf/)
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        daemons.add(builder.start());
    }

    /** jars/ links to every jar of this JVM's classpath (Spark, Delta, Hadoop, Scala); conf/ quiets the logs. */
    private static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName().toString());
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(link)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        // Spark's Jetty needs Servlet 5's SingleThreadModel, which this classpath's Servlet 6 lacks (docs/stack.md): the project's shim
        String shim = "jakarta/servlet/SingleThreadModel.class";
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jars.resolve("servlet-single-thread-model.jar")));
                InputStream in = SparkCluster.class.getClassLoader().getResourceAsStream(shim)) {
            jar.putNextEntry(new JarEntry(shim));
            in.transferTo(jar);
            jar.closeEntry();
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %-5level [%thread] %logger{36}: %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                  <logger name="org.apache.spark.deploy" level="INFO"/>
                </configuration>""");
        return home;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = daemons.size() - 1; i >= 0; i--) { // the worker first
            daemons.get(i).destroy();
        }
        for (Process daemon : daemons) {
            if (!daemon.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor();
            }
        }
    }
}
