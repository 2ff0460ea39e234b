package io.sluice.expectation;

import io.swagger.v3.oas.annotations.media.Schema;

/** One named rule: a boolean SQL expression over a source row that every row should satisfy, and what a row that does not does. */
@Schema(description = "A named rule over each source row; a row fails it unless the expression is true (false or null fail)")
public record Expectation(
        @Schema(description = "Letters, digits and underscores; names the rule in counts, metrics and the quarantine table",
                example = "positive_amount") String name,
        @Schema(description = "A boolean Spark SQL expression over the source's columns: deterministic built-in functions only, no "
                + "subqueries, aggregates, windows or user-defined functions", example = "amount >= 0") String rule,
        @Schema(description = "warn (counted), drop (not written), quarantine (written to the quarantine table) or fail (the run "
                + "fails, nothing committed)", example = "quarantine") ExpectationAction action) {
}
