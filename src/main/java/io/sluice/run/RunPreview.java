package io.sluice.run;

import java.util.List;
import java.util.Map;

import io.sluice.strategy.ChangePreview;
import io.sluice.expectation.ExpectationReport;
import io.sluice.loadedfiles.FilePlan;
import io.sluice.table.DeltaProtocol;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a run would do, from {@code POST /api/v1/runs?dryRun=true}: nothing is committed or recorded. */
@Schema(description = "The plan of a run that was not executed (dry run)")
public record RunPreview(
        String table,
        String strategy,
        boolean tableExists,
        @Schema(description = "Current table version; null if the table does not exist") Long tableVersion,
        @Schema(description = "The Delta protocol the table has, or a new table would get; null for Parquet") DeltaProtocol protocol,
        @Schema(description = "Rows the source has") long rowsIn,
        @Schema(description = "Keys that occur more than once in the source") long duplicateKeys,
        List<String> duplicateKeySample,
        @Schema(description = "Rows duplicates=keep_latest would drop") Long rowsDroppedAsDuplicates,
        @Schema(description = "Every difference between source and table columns, whatever the policy") List<String> schemaDifferences,
        @Schema(description = "Partitions drop_partition / dynamic_overwrite would replace, as {column: value}; null for append and merge")
        List<Map<String, String>> partitionsReplaced,
        @Schema(description = "The merge condition, with the automatic partition predicates") String mergeCondition,
        @Schema(description = "Why the run would fail; empty if it would succeed") List<String> problems,
        @Schema(description = "apply_changes: the events per key and what applying them would change; null for other strategies")
        ChangePreview changes,
        @Schema(description = "The rows each expectation would fail, and where they would go; null without expectations")
        ExpectationReport expectations,
        @Schema(description = "An incremental files source: the files the run would read and the ones it would leave; null otherwise")
        FilePlan files) {
}
