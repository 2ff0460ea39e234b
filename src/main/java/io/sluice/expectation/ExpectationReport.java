package io.sluice.expectation;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a run's expectations found, counted in one aggregate over the staged source. A row failing several rules counts once
 * in each rule's {@code failed} but once only in {@code rowsDropped} or {@code rowsQuarantined} (quarantine wins over drop), so
 * the totals and the rows written add up to the rows checked. {@code rowsMalformed} are malformed csv/json records
 * ({@code badRecords: quarantine}), quarantined too and counted in {@code rowsQuarantined}.
 */
@Schema(description = "Rows failing each expectation, and where they went")
public record ExpectationReport(
        @Schema(description = "The table quarantined rows went to; null when nothing could be quarantined") String quarantineTable,
        @Schema(description = "Rows not written because they failed a drop rule (and no quarantine rule)") long rowsDropped,
        @Schema(description = "Rows written to the quarantine table instead of the table, malformed records included") long rowsQuarantined,
        @Schema(description = "Malformed csv/json records quarantined with _rule '_malformed'") long rowsMalformed,
        List<RuleCount> rules) {

    public ExpectationReport {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** One rule's count. */
    public record RuleCount(String name, ExpectationAction action, long failed) {
    }

    /** The rules of {@code action} that some row failed. */
    public List<RuleCount> fired(ExpectationAction action) {
        return rules.stream().filter(rule -> rule.action() == action && rule.failed() > 0).toList();
    }
}
