package io.sluice.run.execution;

import static io.sluice.run.ErrorCode.DUPLICATE_KEYS;
import static io.sluice.run.ErrorCode.ENGINE_ERROR;
import static io.sluice.run.ErrorCode.INTERNAL_ERROR;
import static io.sluice.run.ErrorCode.INVALID_REQUEST;
import static io.sluice.run.ErrorCode.SCHEMA_MISMATCH;
import static io.sluice.run.ErrorCode.SOURCE_FAILED;
import static io.sluice.run.ErrorCode.SOURCE_MALFORMED;
import static io.sluice.run.ErrorCode.SOURCE_NOT_FOUND;
import static io.sluice.run.ErrorCode.TABLE_CONFLICT;

import java.sql.SQLException;
import java.util.Locale;

import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

import io.sluice.cluster.CommitFence.FencedOffException;
import io.sluice.expectation.ExpectationsFailedException;
import io.sluice.problem.ConflictException;
import io.sluice.problem.InvalidRequestException;
import io.sluice.source.SourceFailedException;
import io.sluice.source.SourceNotFoundException;
import io.sluice.strategy.DuplicateKeysException;
import io.sluice.strategy.SchemaMismatchException;
import io.sluice.run.RunError;
import io.sluice.run.ErrorCode;

/** Turns what a run threw into a stable error code and a message a user can act on. */
final class RunFailures {

    private RunFailures() {
    }

    static RunError classify(Throwable failure) {
        if (failure instanceof DuplicateKeysException duplicates) {
            return RunError.of(DUPLICATE_KEYS, duplicates.violations().get(0).message());
        }
        if (failure instanceof ExpectationsFailedException expectations) {
            return RunError.of(ErrorCode.EXPECTATION_FAILED, expectations.getMessage());
        }
        if (failure instanceof SchemaMismatchException mismatch) {
            return RunError.of(SCHEMA_MISMATCH, String.join("; ", mismatch.violations().stream().map(v -> v.message()).toList()));
        }
        if (failure instanceof ConflictException conflict) {
            return RunError.of(TABLE_CONFLICT, conflict.getMessage());
        }
        FencedOffException fenced = cause(failure, FencedOffException.class);
        if (fenced != null) {
            return RunError.of(TABLE_CONFLICT, fenced.getMessage());
        }
        DeltaConcurrentModificationException conflict = cause(failure, DeltaConcurrentModificationException.class);
        if (conflict != null) {
            return RunError.of(TABLE_CONFLICT, "another writer changed the table while this run wrote, and this run's commit "
                    + "would contradict it; nothing of this run was committed. Run it again. (" + conflict.getMessage() + ")");
        }
        if (failure instanceof SourceNotFoundException missing) {
            return RunError.of(SOURCE_NOT_FOUND, missing.getMessage());
        }
        if (failure instanceof SourceFailedException source) {
            return RunError.of(SOURCE_FAILED, source.getMessage());
        }
        SQLException database = cause(failure, SQLException.class);
        if (database != null) { // a JDBC source's database refused (also from inside a Spark task)
            return RunError.of(SOURCE_FAILED, "the source database: " + database.getMessage());
        }
        if (failure instanceof InvalidRequestException invalid) {
            return RunError.of(INVALID_REQUEST, invalid.getMessage());
        }
        SparkThrowable spark = sparkCause(failure);
        if (spark == null) {
            return RunError.of(INTERNAL_ERROR, message(failure));
        }
        String condition = spark.getCondition();
        return new RunError(code(condition == null ? "" : condition), message((Throwable) spark), condition);
    }

    private static ErrorCode code(String condition) {
        String c = condition.toUpperCase(Locale.ROOT);
        if (c.equals("PATH_NOT_FOUND") || c.contains("FILE_NOT_FOUND") || c.equals("FAILED_READ_FILE.FILE_NOT_EXIST")) {
            return SOURCE_NOT_FOUND;
        }
        if (c.startsWith("MALFORMED") || c.contains("PARSE") || c.startsWith("FAILED_READ_FILE") || c.startsWith("CAST_INVALID")) {
            return SOURCE_MALFORMED;
        }
        if (c.contains("SCHEMA") || c.contains("METADATA_MISMATCH") || c.contains("MERGE_FIELDS") || c.contains("INCOMPATIBLE") || c.contains("COLUMN")
                || c.contains("DATA_TYPE") || c.contains("CANNOT_WRITE")) {
            return SCHEMA_MISMATCH;
        }
        return ENGINE_ERROR;
    }

    /** The innermost Spark/Delta error with a specific condition: its message says the most. */
    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static SparkThrowable sparkCause(Throwable failure) {
        SparkThrowable first = null;
        SparkThrowable specific = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SparkThrowable spark && spark.getCondition() != null) {
                first = first == null ? spark : first;
                // Spark 4 names the file of a failed read with FAILED_READ_FILE.NO_HINT around the error that says why
                boolean generic = spark.getCondition().startsWith("_LEGACY") || spark.getCondition().equals("FAILED_READ_FILE")
                        || spark.getCondition().equals("FAILED_READ_FILE.NO_HINT")
                        || spark.getCondition().equals("TASK_WRITE_FAILED");
                specific = generic ? specific : spark;
            }
        }
        return specific != null ? specific : first;
    }

    static String message(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        // Spark appends query plans and SQLSTATEs after the first lines; keep what a user reads.
        String[] lines = message.strip().split("\n");
        StringBuilder kept = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length && i < 4 && !lines[i].isBlank() && !lines[i].startsWith("=="); i++) {
            kept.append(' ').append(lines[i].strip());
        }
        return kept.length() > 2000 ? kept.substring(0, 1997) + "..." : kept.toString();
    }
}
