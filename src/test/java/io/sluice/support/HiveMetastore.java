package io.sluice.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Hive 2.3 metastore service (thrift) on loopback, backed by a fresh PostgreSQL database of its own: the
 * version that matches Spark's built-in client, started from the jars of the test classpath as its own JVM.
 * <p>
 * Its schema is created up front by DataNucleus' SchemaTool over the metastore's own mapping ({@code package.jdo} in
 * hive-metastore), then the {@code VERSION} row Hive's schematool writes; the service then runs with
 * {@code autoCreateAll=false} and strict schema verification. (DataNucleus creating tables at first use deadlocks on
 * PostgreSQL, docs/catalog.md; Hive's own SQL scripts are in no Maven artifact.) Both steps are bounded: a hang
 * is a failure that names its log, never a wait.
 */
public final class HiveMetastore implements AutoCloseable {

    /** The schema version Hive 2.3.x records and verifies (its schematool writes the same row). */
    private static final String SCHEMA_VERSION = "2.3.0";

    private final Path dir;
    private final String database;
    private final String jdbcUrl;
    private final int port = freePort();
    private Process process;

    private HiveMetastore(Path dir, String database, String jdbcUrl) {
        this.dir = dir;
        this.database = database;
        this.jdbcUrl = jdbcUrl;
    }

    /** Creates the database and its schema, starts the service and waits until it listens; logs under {@code dir}. */
    public static HiveMetastore start(Path dir) throws Exception {
        HiveMetastore metastore = create(dir);
        try {
            return metastore.listen();
        } catch (Exception | Error e) {
            metastore.close();
            throw e;
        }
    }

    /**
     * Creates the database and its schema and chooses the port, but starts no service: until {@link #listen()},
     * connections to {@link #uri()} are refused, as to a metastore that is down.
     */
    public static HiveMetastore create(Path dir) throws Exception {
        Files.createDirectories(dir);
        String database = "hms_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HiveMetastore metastore = new HiveMetastore(dir, database, Postgres.freshDatabase(database));
        try {
            long start = System.nanoTime();
            metastore.createSchema();
            System.out.printf("Hive metastore %s: schema in %d ms%n", metastore.uri(), (System.nanoTime() - start) / 1_000_000);
            return metastore;
        } catch (Exception | Error e) {
            metastore.close();
            throw e;
        }
    }

    /** Starts the service on its port and waits until it listens. */
    public HiveMetastore listen() throws Exception {
        long start = System.nanoTime();
        startService();
        awaitListening(Duration.ofMinutes(2));
        System.out.printf("Hive metastore %s: listening in %d ms%n", uri(), (System.nanoTime() - start) / 1_000_000);
        return this;
    }

    /** {@code thrift://127.0.0.1:<port>}: what {@code sluice.catalog.metastore-uris} is set to. */
    public String uri() {
        return "thrift://127.0.0.1:" + port;
    }

    /** Stops the service's process where it stands (SIGSTOP): connections are still accepted, no call is answered. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused service go on (SIGCONT): it answers the calls that waited. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** The jars of the test classpath (Spark, Hive, Delta, Hadoop, the JDBC drivers); no classes directories. */
    public static String dependencyJars() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator)).filter(entry -> entry.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private void createSchema() throws Exception {
        Path properties = dir.resolve("schema-tool.properties");
        StringBuilder text = new StringBuilder();
        jdoSettings().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(properties, text);
        // package.jdo as a classpath resource: DataNucleus finds it in the hive-metastore jar
        Process tool = java(List.of("org.datanucleus.store.schema.SchemaTool", "-create", "-api", "JDO", "-props", properties.toString(),
                "package.jdo"), dir.resolve("schema-tool.log"));
        if (!tool.waitFor(3, TimeUnit.MINUTES)) {
            tool.destroyForcibly().waitFor();
            throw new IllegalStateException("the metastore's schema was not created within 3 minutes; see " + dir.resolve("schema-tool.log"));
        }
        if (tool.exitValue() != 0 || !Files.readString(dir.resolve("schema-tool.log")).contains("SchemaTool completed successfully")) {
            throw new IllegalStateException("DataNucleus SchemaTool failed (" + tool.exitValue() + "); see " + dir.resolve("schema-tool.log"));
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, Postgres.user(), "");
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO \"VERSION\" (\"VER_ID\", \"SCHEMA_VERSION\", \"VERSION_COMMENT\") VALUES (1, '"
                    + SCHEMA_VERSION + "', 'Hive release version " + SCHEMA_VERSION + "')");
        }
    }

    private void startService() throws IOException {
        List<String> arguments = new ArrayList<>(List.of("org.apache.hadoop.hive.metastore.HiveMetaStore", "-p", Integer.toString(port),
                // Hive's async logging wants LMAX disruptor, which is not on Spark's classpath
                "--hiveconf", "hive.async.log.enabled=false",
                "--hiveconf", "hive.metastore.warehouse.dir=" + dir.resolve("warehouse").toUri(),
                "--hiveconf", "hive.metastore.schema.verification=true"));
        jdoSettings().forEach((key, value) -> arguments.addAll(List.of("--hiveconf", key + "=" + value)));
        process = java(arguments, dir.resolve("metastore.log"));
    }

    /** The JDO store: this database, and no table created at first use. */
    private Map<String, String> jdoSettings() {
        return Map.of("javax.jdo.option.ConnectionURL", jdbcUrl, "javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver",
                "javax.jdo.option.ConnectionUserName", Postgres.user(), "javax.jdo.option.ConnectionPassword", "",
                "datanucleus.schema.autoCreateAll", "false",
                // Hive's defaults, which the service uses too: the names and id strategy the schema must be made with
                "datanucleus.identifierFactory", "datanucleus1", "datanucleus.rdbms.useLegacyNativeValueStrategy", "true");
    }

    private Process java(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(Arrays.asList(System.getProperty("spark.jvm.flags", "").split("\\s+")));
        command.addAll(List.of("-cp", dependencyJars()));
        command.addAll(arguments);
        return new ProcessBuilder(command.stream().filter(arg -> !arg.isBlank()).toList()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private void awaitListening(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the metastore exited with " + process.exitValue() + "; see " + dir.resolve("metastore.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYetListening) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the metastore did not listen within " + timeout + "; see " + dir.resolve("metastore.log"));
    }

    @Override
    public void close() throws InterruptedException, SQLException, IOException {
        if (process != null) {
            if (process.isAlive()) {
                resume(); // a paused process would not act on SIGTERM
            }
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        Postgres.dropDatabase(database);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
