package io.sluice.run.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import io.sluice.expectation.Expectation;
import io.sluice.problem.InvalidRequestException;
import io.sluice.run.callback.RunCallback;
import io.sluice.source.SourceSpec;
import io.sluice.write.ChangeOptions;
import io.sluice.write.DuplicatePolicy;
import io.sluice.write.MergeActions.WhenMatched;
import io.sluice.write.MergeActions.WhenNotMatched;
import io.sluice.write.SchemaPolicy;
import io.sluice.strategy.StrategyName;
import io.sluice.write.WriteOptions;
import io.sluice.table.TableFormat;
import io.sluice.watermark.WatermarkSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * What a user asks for: write this source into this table with this strategy. Fields added after the first release
 * are left out of the JSON when absent, so an idempotency key's request hash stays what it was.
 */
@Schema(description = "A run to execute")
public record RunRequest(
        @Schema(description = "Target catalog table as database.table; created on the first run", example = "demo.events")
        @NotBlank(message = "a table name 'database.table' is required") String table,
        @Schema(description = "Write strategy", example = "append",
                allowableValues = { "append", "drop_partition", "dynamic_overwrite", "merge", "apply_changes" })
        @NotNull(message = "a strategy is required") StrategyName strategy,
        @Schema(description = "Table format for a new table; must match an existing table's. Default delta", example = "delta")
        TableFormat format,
        @Schema(description = "Partition columns for a new table; if given for an existing table they must match its partitioning",
                example = "[\"event_date\"]")
        List<String> partitionBy,
        @NotNull(message = "a source is required") SourceSpec source,
        @Schema(description = "Columns that identify a row: required for merge and apply_changes; with them any other strategy checks "
                + "source duplicates",
                example = "[\"id\"]") List<String> keys,
        @Schema(description = "merge: update only these columns of matched rows") List<String> updateColumns,
        @Schema(description = "merge: update all columns of matched rows but these") List<String> excludeColumns,
        @Schema(description = "merge: what a source row whose key the table has does: update (default), ignore, or delete the "
                + "table's row") @JsonInclude(Include.NON_NULL) WhenMatched whenMatched,
        @Schema(description = "merge: what a source row whose key the table lacks does: insert (default) or ignore")
        @JsonInclude(Include.NON_NULL) WhenNotMatched whenNotMatched,
        @Schema(description = "merge: delete target rows the source lacks, within the partitions the source touches (the whole "
                + "table if unpartitioned)") Boolean deleteNotMatchedBySource,
        @Schema(description = "merge: a null key matches a null key") Boolean nullSafeKeys,
        @Schema(description = "Source rows repeating a key: fail (default) or keep_latest by orderBy") DuplicatePolicy duplicates,
        @Schema(description = "keep_latest: columns ordering rows, the greatest is the latest", example = "[\"updated_at\"]")
        List<String> orderBy,
        @Schema(description = "Source columns that differ from the table's: fail (default), add_columns or ignore")
        SchemaPolicy schemaPolicy,
        @Valid WatermarkSpec watermark,
        @Schema(description = "Makes the submission idempotent, like the Idempotency-Key header: the same key with the same "
                + "request returns the original run; a key whose run failed may be retried", example = "load-2024-08-01")
        @Pattern(regexp = "[\\x21-\\x7E]{1,200}", message = "an idempotency key is 1 to 200 printable ASCII characters, no spaces")
        String idempotencyKey,
        @Schema(description = "POSTed the final run document when the run ends, whatever its status; see docs/api.md")
        @JsonInclude(Include.NON_NULL) @Valid RunCallback callback,
        @Schema(description = "apply_changes: the column, or columns (compared in order), that order a key's events; the greatest is "
                + "the latest. A single name or a list", example = "[\"updated_at\"]")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @JsonInclude(Include.NON_NULL) List<String> sequenceBy,
        @Schema(description = "apply_changes: a SQL condition over a source row that makes it a delete (Spark SQL; source columns and "
                + "deterministic built-in functions only)", example = "op = 'D'") @JsonInclude(Include.NON_NULL) String deleteWhen,
        @Schema(description = "apply_changes: source columns read (by deleteWhen, sequenceBy) but kept out of the table",
                example = "[\"op\"]") @JsonInclude(Include.NON_NULL) List<String> exceptColumns,
        @Schema(description = "apply_changes: keep every version of a row (SCD type 2) rather than the latest (type 1, default)")
        @JsonInclude(Include.NON_NULL) Boolean history,
        @Schema(description = "history: the column a version is valid from (its event's sequence). Default __valid_from")
        @JsonInclude(Include.NON_NULL) String validFrom,
        @Schema(description = "history: the column a version is valid until (the next event's sequence; null while current). Default "
                + "__valid_to") @JsonInclude(Include.NON_NULL) String validTo,
        @Schema(description = "history: the column flagging each key's current version. Default __is_current")
        @JsonInclude(Include.NON_NULL) String current,
        @Schema(description = "Rules each source row is checked against, with the table's own (a rule of the same name replaces the "
                + "table's); see docs/expectations.md") @JsonInclude(Include.NON_EMPTY) List<Expectation> expectations,
        @Schema(description = "Where this run's quarantined rows go; default the table's setting, else <database>.<table>__quarantine")
        @JsonInclude(Include.NON_NULL) String quarantineTable) {

    public RunRequest {
        partitionBy = listOf(partitionBy);
        keys = listOf(keys);
        updateColumns = listOf(updateColumns);
        excludeColumns = listOf(excludeColumns);
        orderBy = listOf(orderBy);
    }

    /** The same request under a key given as a header; a body naming another key is refused. */
    RunRequest withIdempotencyKey(String header) {
        if (header == null || header.equals(idempotencyKey)) {
            return this;
        }
        InvalidRequestException.check(idempotencyKey == null, "idempotencyKey",
                "the Idempotency-Key header and the body's idempotencyKey differ; give one, or the same in both");
        InvalidRequestException.check(header.matches("[\\x21-\\x7E]{1,200}"), "Idempotency-Key",
                "an idempotency key is 1 to 200 printable ASCII characters, no spaces");
        return new RunRequest(table, strategy, format, partitionBy, source, keys, updateColumns, excludeColumns, whenMatched,
                whenNotMatched, deleteNotMatchedBySource, nullSafeKeys, duplicates, orderBy, schemaPolicy, watermark, header, callback,
                sequenceBy, deleteWhen, exceptColumns, history, validFrom, validTo, current, expectations, quarantineTable);
    }

    /** The request without its key: what a key's replays must repeat exactly. */
    RunRequest withoutIdempotencyKey() {
        return new RunRequest(table, strategy, format, partitionBy, source, keys, updateColumns, excludeColumns, whenMatched,
                whenNotMatched, deleteNotMatchedBySource, nullSafeKeys, duplicates, orderBy, schemaPolicy, watermark, null, callback,
                sequenceBy, deleteWhen, exceptColumns, history, validFrom, validTo, current, expectations, quarantineTable);
    }

    WriteOptions options() {
        return new WriteOptions(keys, updateColumns, excludeColumns, whenMatched == null ? WhenMatched.UPDATE : whenMatched,
                whenNotMatched == null ? WhenNotMatched.INSERT : whenNotMatched, Boolean.TRUE.equals(deleteNotMatchedBySource),
                Boolean.TRUE.equals(nullSafeKeys), duplicates == null ? DuplicatePolicy.FAIL : duplicates, orderBy,
                schemaPolicy == null ? SchemaPolicy.FAIL : schemaPolicy, changes());
    }

    /** apply_changes' options; null for another strategy that names none of them. */
    private ChangeOptions changes() {
        if (strategy != StrategyName.APPLY_CHANGES && changeFields().values().stream().allMatch(v -> v == null)) {
            return null;
        }
        return new ChangeOptions(listOf(sequenceBy), deleteWhen, listOf(exceptColumns), Boolean.TRUE.equals(history), validFrom, validTo,
                current);
    }

    /** The change-data-capture fields as given, by name (null: not given; clients that send every field send empty lists). */
    Map<String, Object> changeFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sequenceBy", sequenceBy == null || sequenceBy.isEmpty() ? null : sequenceBy);
        fields.put("deleteWhen", deleteWhen);
        fields.put("exceptColumns", exceptColumns == null || exceptColumns.isEmpty() ? null : exceptColumns);
        fields.put("history", history);
        fields.put("validFrom", validFrom);
        fields.put("validTo", validTo);
        fields.put("current", current);
        return fields;
    }

    private static List<String> listOf(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
