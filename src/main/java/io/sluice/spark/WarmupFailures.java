package io.sluice.spark;

import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Says why a warm-up attempt failed and what to fix, from the failure and the engine's settings: readiness shows it
 * and the log names it, neither as a stack trace. {@code metastoreUris} is blank with the embedded metastore;
 * {@code urisProperty} is the property they came from ({@code sluice.catalog.metastore-uris} or the raw Spark setting).
 */
record WarmupFailures(String metastoreUris, String urisProperty, String metastoreDir, String warehouse) implements Function<Throwable, String> {

    @Override
    public String apply(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return failure.getMessage() + ": " + (remote() ? "the Hive metastore at " + metastoreUris + " or " : "")
                    + "the warehouse " + warehouse + " did not answer; check " + (remote() ? urisProperty + ", the metastore's own store and " : "")
                    + "sluice.spark.warehouse-dir (sluice.spark.warm-up-retry.attempt-timeout bounds an attempt)";
        }
        if (any(failure, "permission denied", "accessdenied", "access denied", "unable to create database path", "read-only")) {
            return "cannot write to the warehouse " + warehouse + " or the data directory: check sluice.spark.warehouse-dir, "
                    + "sluice.data-dir and their permissions (" + rootMessage(failure) + ")";
        }
        if (remote() && any(failure, "ttransport", "meta store", "metastore", "connection refused")) {
            return "cannot reach the Hive metastore at " + metastoreUris + ": check that it runs and is reachable from here, "
                    + urisProperty + " and the catalog settings (" + rootMessage(failure) + ")";
        }
        if (!remote() && any(failure, "derby", "metastore", "meta store")) {
            return "cannot open the embedded metastore in " + metastoreDir + ": check sluice.spark.metastore-dir (writable, "
                    + "not in use by another Sluice) (" + rootMessage(failure) + ")";
        }
        return rootMessage(failure);
    }

    /** Whether the failure came from the Hive metastore client: the catalog did not answer. */
    static boolean fromMetastore(Throwable failure) {
        return any(failure, "ttransport", "meta store", "metastore");
    }

    private boolean remote() {
        return metastoreUris != null && !metastoreUris.isBlank();
    }

    /** Whether a failure in the chain has one of the words in its class name or message. */
    private static boolean any(Throwable failure, String... words) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = (t.getClass().getName() + " " + t.getMessage()).toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (text.contains(word)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The innermost failure's message: the one that names the host, the path or the setting. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().strip();
        String first = message.lines().findFirst().orElse("");
        return first.isEmpty() ? root.getClass().getSimpleName() : first;
    }
}
