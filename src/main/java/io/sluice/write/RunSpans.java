package io.sluice.write;

import java.util.Locale;
import java.util.function.ObjLongConsumer;

/**
 * Where a run's own time goes (issue 24's breakdown), phase by phase: spans on the thread that does the work, each two
 * clock reads and an add, never a Spark job. A submission and a run each collect theirs on their thread ({@link #open})
 * and hand them to the meters when done ({@code sluice_run_phase_seconds}). A span inside another counts for its own
 * phase only (the write's time excludes the commit lookup in it), so a run's phases add up to the time they cover.
 * Without spans open on the thread, {@link #time} just does the work.
 */
public final class RunSpans implements AutoCloseable {

    /** The phases, as the meters name them (lower case). */
    public enum Phase {
        /** Planning a submission: the request checked against the catalog and the table. */
        VALIDATION,
        /** The run ledger: a submission's insert (with the request it stores), the run's transitions. */
        LEDGER,
        /** From the run's turn in its table's line to its start on a pool thread. */
        QUEUE,
        /** The run's own {@code spark.newSession()}. */
        SESSION,
        /** The table's state from the catalog and its log, and the checks against the plan. */
        TABLE_STATE,
        /**
         * The rest of the write pipeline: the source read, aligned to the table, its expectations and watermark (mostly
         * planning, as Spark reads lazily: the rows are read in the duplicate check and the write).
         */
        READ,
        /** The duplicate-key check, with the empty-source check it answers (one Spark job). */
        DUPLICATE_CHECK,
        /** The write and its commit, without the commit lookup. */
        WRITE,
        /** Finding the run's commit and its metrics in the table's log. */
        COMMIT_LOOKUP,
        /** The listeners of a run's start and end (lineage, callbacks, automatic maintenance) and its meters. */
        LISTENERS;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Work that may throw what the caller's code throws. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T get() throws E;
    }

    private static final ThreadLocal<RunSpans> CURRENT = new ThreadLocal<>();

    private final long[] nanos = new long[Phase.values().length];
    private final RunSpans outer;
    /** The time of the spans that ended inside the one running now: not its own. */
    private long nested;

    private RunSpans(RunSpans outer) {
        this.outer = outer;
    }

    /** Starts collecting this thread's spans (those of a caller's, if any, wait until {@link #close}). */
    public static RunSpans open() {
        RunSpans spans = new RunSpans(CURRENT.get());
        CURRENT.set(spans);
        return spans;
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /** Adds time measured elsewhere (a hand-off between threads). */
    public void add(Phase phase, long nanoseconds) {
        nanos[phase.ordinal()] += nanoseconds;
    }

    public static <T, E extends Exception> T time(Phase phase, Work<T, E> work) throws E {
        RunSpans spans = CURRENT.get();
        if (spans == null) {
            return work.get();
        }
        long outerNested = spans.nested;
        spans.nested = 0;
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            long took = System.nanoTime() - start;
            spans.nanos[phase.ordinal()] += took - spans.nested;
            spans.nested = outerNested + took;
        }
    }

    public static void run(Phase phase, Runnable work) {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    /** Each phase that took time, with its nanoseconds. */
    public void forEach(ObjLongConsumer<Phase> each) {
        for (Phase phase : Phase.values()) {
            if (nanos[phase.ordinal()] > 0) {
                each.accept(phase, nanos[phase.ordinal()]);
            }
        }
    }
}
