package io.sluice.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.Path;

/**
 * The last check before a commit is written: while a run holds its table's lease it registers the table's fence here (does
 * the lease still hold?), and the commit is refused when the fence says no. On Delta the check runs inside the log store,
 * immediately before the commit file is created ({@link FencedHdfsLogStore}, {@link FencedS3LogStore}), and again for
 * every retry of the commit; on Parquet before the swap of partition locations. The commit records the lease's token
 * ({@link #withToken}). A table with no fence registered (the single-process default) commits as before.
 */
public final class CommitFence {

    /** A commit refused: the lease of the run that made it was lost (expired, or taken over by another replica). */
    public static final class FencedOffException extends IllegalStateException {
        FencedOffException(String table) {
            super("the lease on table location " + table + " was lost before the commit: another replica may hold it now, so nothing "
                    + "was committed");
        }
    }

    /** The commit metadata's key for the lease's token. */
    public static final String TOKEN = "fencingToken";

    private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");
    /** A registered fence: the lease's token, written with each commit, and whether the lease still holds. */
    private record Fence(long token, BooleanSupplier holds) {
    }

    private static final Map<String, Fence> FENCES = new ConcurrentHashMap<>();

    private CommitFence() {
    }

    /** A registration, closed when the run lets go of the lease. */
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    /** Registers the fence of the table at {@code location}, a lease's {@code token} and its check, until the guard is closed. */
    public static Guard guard(String location, long token, BooleanSupplier holds) {
        String key = key(new Path(location));
        Fence fence = new Fence(token, holds);
        if (FENCES.putIfAbsent(key, fence) != null) {
            throw new IllegalStateException("table location " + location + " already has a fence: one run holds a table at a time");
        }
        return () -> FENCES.remove(key, fence);
    }

    /** A commit's metadata with the fencing token of its table's lease ({@code fencingToken}) while a fence is registered. */
    public static Map<String, String> withToken(String location, Map<String, String> metadata) {
        Fence fence = location == null ? null : FENCES.get(key(new Path(location)));
        if (fence == null) {
            return metadata;
        }
        Map<String, String> fenced = new LinkedHashMap<>(metadata);
        fenced.put(TOKEN, Long.toString(fence.token()));
        return fenced;
    }

    /** Throws {@link FencedOffException} when the table at {@code location} has a fence that no longer holds. */
    public static void check(String location) {
        check(new Path(location));
    }

    /** For the log stores: checks the table's fence when {@code file} is a Delta commit file, {@code _delta_log/N.json}. */
    static void beforeWriting(Path file) {
        Path log = file.getParent();
        if (log != null && log.getName().equals("_delta_log") && COMMIT_FILE.matcher(file.getName()).matches()) {
            check(log.getParent());
        }
    }

    private static void check(Path table) {
        Fence fence = FENCES.get(key(table));
        if (fence != null && !fence.holds().getAsBoolean()) {
            throw new FencedOffException(table.toString());
        }
    }

    /** The path without its scheme and authority: Delta qualifies paths ({@code file:/x}), a catalog may not ({@code /x}). */
    private static String key(Path path) {
        String key = path.toUri().getPath();
        return key.endsWith("/") && key.length() > 1 ? key.substring(0, key.length() - 1) : key;
    }
}
