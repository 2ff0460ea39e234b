package io.sluice.expectation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The rules a table's runs check (stored per table), or those a run checks: the table's, with the run's own added and any of
 * the same name replaced. {@code quarantineTable} null means {@code <table>__quarantine}.
 */
@Schema(description = "A table's expectations: every run into the table checks them, with its own added (same name: the run's wins)")
public record RuleSet(
        List<Expectation> expectations,
        @Schema(description = "Where quarantined rows go; default <database>.<table>__quarantine", example = "demo.orders__quarantine")
        String quarantineTable) {

    public static final RuleSet NONE = new RuleSet(List.of(), null);

    public RuleSet {
        expectations = expectations == null ? List.of() : List.copyOf(expectations);
    }

    public boolean isEmpty() {
        return expectations.isEmpty();
    }

    /** This table's set with a run's rules: a run's rule replaces the table's of the same name, the others follow in order. */
    public RuleSet with(List<Expectation> run, String runQuarantineTable) {
        Map<String, Expectation> byName = new LinkedHashMap<>();
        expectations.forEach(rule -> byName.put(key(rule), rule));
        (run == null ? List.<Expectation>of() : run).forEach(rule -> byName.put(key(rule), rule));
        return new RuleSet(new ArrayList<>(byName.values()), runQuarantineTable != null ? runQuarantineTable : quarantineTable);
    }

    public boolean has(ExpectationAction action) {
        return expectations.stream().anyMatch(rule -> rule.action() == action);
    }

    private static String key(Expectation rule) {
        return rule.name() == null ? "" : rule.name().toLowerCase(Locale.ROOT);
    }
}
