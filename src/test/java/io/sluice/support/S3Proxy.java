package io.sluice.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server on loopback: S3Proxy (Maven Central, {@code org.gaul:s3proxy}, jar with
 * dependencies) in a JVM of its own, keeping objects in a local folder (jclouds' filesystem backend),
 * with SigV4 authentication on a free port. The build copies its jar to {@code target/s3proxy}.
 */
public final class S3Proxy implements AutoCloseable {

    public static final String BUCKET = "sluice-lake";
    private static final String ACCESS_KEY = "sluice-test";
    private static final String SECRET_KEY = "sluice-test-secret";

    private final Process process;
    private final int port;
    private final Path objects;

    private S3Proxy(Process process, int port, Path objects) {
        this.process = process;
        this.port = port;
        this.objects = objects;
    }

    /** Starts the server with one bucket, {@link #BUCKET}, whose objects live under {@code dir/objects}. */
    public static S3Proxy start(Path jar, Path dir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Proxy jar at " + jar + ": the build copies it there (maven-dependency-plugin)");
        }
        Path objects = Files.createDirectories(dir.resolve("objects"));
        Files.createDirectories(objects.resolve(BUCKET)); // the filesystem backend's bucket is a folder
        int port = SparkCluster.freePort();
        Path properties = Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + objects.toAbsolutePath(), ""));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar.toAbsolutePath().toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3Proxy server = new S3Proxy(process, port, objects);
        server.awaitListening(Duration.ofSeconds(60), dir.resolve("s3proxy.log"));
        return server;
    }

    /** {@code s3a://<bucket>/<path>} */
    public String uri(String path) {
        return "s3a://" + BUCKET + "/" + path;
    }

    /** Where the server keeps the bucket's objects: one file per object, named by its key. */
    public Path bucketFolder() {
        return objects.resolve(BUCKET);
    }

    /** The service's settings that put the warehouse in the bucket and point S3A at this server, as a user would set them. */
    public Map<String, String> serviceProperties() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("sluice.spark.warehouse-dir", uri("warehouse"));
        sparkConf().forEach((key, value) -> conf.put("sluice.spark.conf[" + key + "]", value));
        return conf;
    }

    /** The S3A settings of this server: endpoint, path-style access, plain HTTP, the keys. */
    public Map<String, String> sparkConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:" + port);
        conf.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
        conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
        conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
        conf.put("spark.hadoop.fs.s3a.access.key", ACCESS_KEY);
        conf.put("spark.hadoop.fs.s3a.secret.key", SECRET_KEY);
        return conf;
    }

    private void awaitListening(Duration timeout, Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ": " + tail(log));
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYetListening) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("S3Proxy did not listen within " + timeout + ": " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
