package io.sluice.run.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;

import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.delta.ConcurrentAppendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sluice.problem.ConflictException;
import io.sluice.problem.InvalidRequestException;
import io.sluice.source.SourceFailedException;
import io.sluice.source.SourceNotFoundException;
import io.sluice.strategy.DuplicateKeysException;
import io.sluice.strategy.SchemaMismatchException;
import io.sluice.run.RunError;
import io.sluice.run.ErrorCode;

/** What a failed run records: a stable code, a message a user can act on, and the engine's condition where it named one. */
class RunFailuresTests {

    /** An engine error as Spark and Delta raise them: a condition and a message, often wrapped several times. */
    static final class EngineFailure extends RuntimeException implements SparkThrowable {
        private final String condition;

        EngineFailure(String condition, String message, Throwable cause) {
            super(message, cause);
            this.condition = condition;
        }

        EngineFailure(String condition, String message) {
            this(condition, message, null);
        }

        @Override
        public String getCondition() {
            return condition;
        }
    }

    @Test
    void shouldReportTheFirstRepeatedKeysOfADuplicateCheck() {
        assertThat(RunFailures.classify(new DuplicateKeysException(2, List.of("[1]", "[2]")))).isEqualTo(RunError.of(ErrorCode.DUPLICATE_KEYS,
                "2 key(s) occur more than once in the source, e.g. [[1], [2]]; deduplicate the source or set duplicates=keep_latest with orderBy"));
    }

    @Test
    void shouldJoinEverySchemaDifference() {
        assertThat(RunFailures.classify(new SchemaMismatchException(List.of("column 'a' is missing", "column 'b' is new"))))
                .isEqualTo(RunError.of(ErrorCode.SCHEMA_MISMATCH, "column 'a' is missing; column 'b' is new"));
    }

    @Test
    void shouldReportAConflictWithTheTablesStateAsATableConflict() {
        assertThat(RunFailures.classify(new ConflictException("table demo.events was created by someone else meanwhile; run again")))
                .isEqualTo(RunError.of(ErrorCode.TABLE_CONFLICT, "table demo.events was created by someone else meanwhile; run again"));
    }

    @Test
    void shouldTellAUserToRunAgainWhenAConcurrentWriterWonTheCommit() {
        var failure = new RuntimeException("job failed", new ConcurrentAppendException("Files were added to the root of the table"));

        assertThat(RunFailures.classify(failure)).isEqualTo(RunError.of(ErrorCode.TABLE_CONFLICT, "another writer changed the table while this "
                + "run wrote, and this run's commit would contradict it; nothing of this run was committed. Run it again. "
                + "(Files were added to the root of the table)"));
    }

    @Test
    void shouldTellAMissingSourceFromOneThatFailed() {
        assertThat(RunFailures.classify(new SourceNotFoundException("no file matches /data/in/*.csv")))
                .isEqualTo(RunError.of(ErrorCode.SOURCE_NOT_FOUND, "no file matches /data/in/*.csv"));
        assertThat(RunFailures.classify(new SourceFailedException("3 of 10 requests failed", new SQLException("refused"))))
                .isEqualTo(RunError.of(ErrorCode.SOURCE_FAILED, "3 of 10 requests failed"));
    }

    @Test
    void shouldBlameTheSourceDatabaseForAnSqlExceptionAnywhereInTheCauses() {
        var failure = new EngineFailure("TASK_WRITE_FAILED", "Task failed while writing rows",
                new RuntimeException("task 3", new SQLException("permission denied for table orders")));

        assertThat(RunFailures.classify(failure)).isEqualTo(RunError.of(ErrorCode.SOURCE_FAILED, "the source database: permission denied for table orders"));
    }

    @Test
    void shouldReportAnInvalidRequestFoundAtRunTimeWithItsField() {
        assertThat(RunFailures.classify(InvalidRequestException.of("watermark.column", "the source has no column 'ts'")))
                .isEqualTo(RunError.of(ErrorCode.INVALID_REQUEST, "watermark.column: the source has no column 'ts'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PATH_NOT_FOUND, SOURCE_NOT_FOUND",
            "CANNOT_READ_FILE_NOT_FOUND, SOURCE_NOT_FOUND",
            "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION, SOURCE_MALFORMED",
            "CANNOT_PARSE_TIMESTAMP, SOURCE_MALFORMED",
            "FAILED_READ_FILE.NO_HINT, SOURCE_MALFORMED",
            "CAST_INVALID_INPUT, SOURCE_MALFORMED",
            "DELTA_FAILED_TO_MERGE_FIELDS, SCHEMA_MISMATCH",
            "DELTA_METADATA_MISMATCH, SCHEMA_MISMATCH",
            "INCOMPATIBLE_DATA_FOR_TABLE.NULLABLE_COLUMN, SCHEMA_MISMATCH",
            "UNRESOLVED_COLUMN.WITH_SUGGESTION, SCHEMA_MISMATCH",
            "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE, SCHEMA_MISMATCH",
            "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS, SCHEMA_MISMATCH",
            "delta_schema_change_since_analysis, SCHEMA_MISMATCH",
            "DIVIDE_BY_ZERO, ENGINE_ERROR",
            "TASK_WRITE_FAILED, ENGINE_ERROR"
    })
    void shouldCodeAnEngineErrorByItsCondition(String condition, ErrorCode code) {
        assertThat(RunFailures.classify(new EngineFailure(condition, "the engine's message")))
                .isEqualTo(new RunError(code, "the engine's message", condition));
    }

    @Test
    void shouldReportAFileThatVanishedWhileReadAsNotFound() {
        assertThat(RunFailures.classify(new EngineFailure("FAILED_READ_FILE.FILE_NOT_EXIST", "File does not exist")).code())
                .isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
    }

    @Test
    void shouldLookThroughTheReadOfAFileToTheErrorThatSaysWhy() {
        var failure = new EngineFailure("FAILED_READ_FILE.NO_HINT", "Encountered error while reading file x.csv",
                new EngineFailure("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", "Malformed records are detected"));

        assertThat(RunFailures.classify(failure)).isEqualTo(new RunError(ErrorCode.SOURCE_MALFORMED, "Malformed records are detected",
                "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"));
    }

    @Test
    void shouldReportTheInnermostSpecificConditionRatherThanItsWrappers() {
        var failure = new EngineFailure("TASK_WRITE_FAILED", "Task failed while writing rows",
                new EngineFailure("_LEGACY_ERROR_TEMP_2070", "Job aborted",
                        new EngineFailure("CAST_INVALID_INPUT", "The value 'x' of the type \"STRING\" cannot be cast to \"INT\"",
                                new EngineFailure("_LEGACY_ERROR_TEMP_1234", "inner detail"))));

        assertThat(RunFailures.classify(failure)).isEqualTo(new RunError(ErrorCode.SOURCE_MALFORMED,
                "The value 'x' of the type \"STRING\" cannot be cast to \"INT\"", "CAST_INVALID_INPUT"));
    }

    @Test
    void shouldReportTheOutermostConditionWhenEveryConditionIsGeneric() {
        var failure = new RuntimeException("wrapper", new EngineFailure("TASK_WRITE_FAILED", "Task failed while writing rows",
                new EngineFailure("_LEGACY_ERROR_TEMP_2070", "Job aborted")));

        assertThat(RunFailures.classify(failure)).isEqualTo(new RunError(ErrorCode.ENGINE_ERROR, "Task failed while writing rows", "TASK_WRITE_FAILED"));
    }

    @Test
    void shouldSkipEngineErrorsThatNameNoCondition() {
        assertThat(RunFailures.classify(new EngineFailure(null, "no condition"))).isEqualTo(RunError.of(ErrorCode.INTERNAL_ERROR, "no condition"));
    }

    @Test
    void shouldReportAnythingElseAsAnInternalErrorWithItsMessageOrItsClass() {
        assertThat(RunFailures.classify(new IllegalStateException("ledger closed"))).isEqualTo(RunError.of(ErrorCode.INTERNAL_ERROR, "ledger closed"));
        assertThat(RunFailures.classify(new NullPointerException())).isEqualTo(RunError.of(ErrorCode.INTERNAL_ERROR, "NullPointerException"));
        assertThat(RunFailures.classify(new IllegalStateException("  "))).isEqualTo(RunError.of(ErrorCode.INTERNAL_ERROR, "IllegalStateException"));
    }

    @Test
    void shouldKeepTheFirstFourLinesOfAMessageAndDropAQueryPlan() {
        String message = "[CAST_INVALID_INPUT] The value 'x' cannot be cast.\n  Correct the value.  \nSQLSTATE: 22018\n"
                + "line four\nline five";

        assertThat(RunFailures.message(new RuntimeException(message)))
                .isEqualTo("[CAST_INVALID_INPUT] The value 'x' cannot be cast. Correct the value. SQLSTATE: 22018 line four");
        assertThat(RunFailures.message(new RuntimeException("first\n== Physical Plan ==\nScan"))).isEqualTo("first");
        assertThat(RunFailures.message(new RuntimeException("first\n\nafter a blank line"))).isEqualTo("first");
    }

    @Test
    void shouldCutAMessageLongerThan2000Characters() {
        String kept = RunFailures.message(new RuntimeException("x".repeat(2001)));

        assertThat(kept).hasSize(2000).endsWith("x...");
        assertThat(RunFailures.message(new RuntimeException("x".repeat(2000)))).isEqualTo("x".repeat(2000));
    }
}
