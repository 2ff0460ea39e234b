package io.sluice.expectation;

import java.util.List;
import java.util.stream.Collectors;

/** Rows failed a {@code fail} rule: the run commits nothing. Carries the counts of every rule and a few of the failing rows. */
public class ExpectationsFailedException extends RuntimeException {

    private final transient ExpectationReport report;

    public ExpectationsFailedException(ExpectationReport report, long rows, List<String> sample) {
        super("%s failed; nothing was committed. Counts: %s. Sample of failing rows: %s".formatted(
                report.fired(ExpectationAction.FAIL).stream().map(rule -> "'%s' (%d of %d rows)".formatted(rule.name(), rule.failed(), rows))
                        .collect(Collectors.joining(", ", "expectation(s) ", "")),
                report.rules().stream().map(rule -> "%s %s %d".formatted(rule.name(), rule.action().name().toLowerCase(java.util.Locale.ROOT),
                        rule.failed())).collect(Collectors.joining(", ")),
                sample));
        this.report = report;
    }

    public ExpectationReport report() {
        return report;
    }
}
