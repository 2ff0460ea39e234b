package io.sluice.support;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Under {@code -Dsluice.test.object-store=s3proxy} (the build's {@code object-storage} test execution), the
 * test JVM's service keeps its tables in an S3 bucket: this starts {@link S3Proxy} before the first test
 * and hands its settings to the one Spring context as system properties ({@code sluice.spark.warehouse-dir},
 * {@code sluice.spark.conf[spark.hadoop.fs.s3a.*]}), exactly as a user configures it. Without the property it does nothing.
 */
public final class ObjectStoreTestRun implements TestExecutionListener {

    public static final String PROPERTY = "sluice.test.object-store";
    private static S3Proxy server;

    /** The server the tests' service writes to, if this test JVM runs on object storage. */
    public static Optional<S3Proxy> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        String store = System.getProperty(PROPERTY, "");
        if (store.isEmpty() || server != null) {
            return;
        }
        if (!store.equals("s3proxy")) {
            throw new IllegalArgumentException(PROPERTY + " must be s3proxy, not " + store);
        }
        try {
            server = S3Proxy.start(Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar")),
                    Path.of(System.getProperty("sluice.data-dir", "target/test-data/s3")).resolve("s3proxy"));
        } catch (Exception e) {
            throw new IllegalStateException("could not start S3Proxy", e);
        }
        server.serviceProperties().forEach(System::setProperty);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (server != null) {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
