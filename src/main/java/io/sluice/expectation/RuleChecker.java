package io.sluice.expectation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.spark.sql.catalyst.parser.ParserInterface;

import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.source.RowCondition;
import io.sluice.table.Identifiers;

/**
 * Checks rules before a run: each names itself once, has an action, and its rule is a {@link RowCondition} (Spark's parser
 * alone, no SparkSession); the types are checked when a schema is there to analyse against ({@link Expectations#analyse}).
 */
public final class RuleChecker {

    /** The rule name malformed records are quarantined under: no rule may take it. */
    public static final String MALFORMED = "_malformed";

    private final ParserInterface parser;

    public RuleChecker(ParserInterface parser) {
        this.parser = parser;
    }

    /**
     * Every problem with the rules, each naming its rule; empty when they may run. {@code field} is the JSON path of the list
     * ({@code expectations}); {@code columns} the source's columns, or null while they are not known.
     */
    public List<Violation> check(String field, List<Expectation> rules, Set<String> columns) {
        List<Violation> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            Expectation rule = rules.get(i);
            String at = "%s[%d]".formatted(field, i);
            if (rule == null) {
                problems.add(new Violation(at, "an expectation needs a name, a rule and an action"));
                continue;
            }
            String name = rule.name();
            if (name == null || !Identifiers.isValid(name) || name.equalsIgnoreCase(MALFORMED)) {
                problems.add(new Violation(at + ".name", "an expectation's name uses letters, digits and underscores (at most 128), and "
                        + "'_malformed' is taken by malformed records; got " + (name == null ? "none" : "'" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'")));
            } else if (!names.add(name.toLowerCase(Locale.ROOT))) {
                problems.add(new Violation(at + ".name", "expectation '%s' is named twice".formatted(name)));
            }
            if (rule.action() == null) {
                problems.add(new Violation(at + ".action", "expectation '%s' needs an action: warn, drop, quarantine or fail".formatted(name)));
            }
            if (rule.rule() == null || rule.rule().isBlank()) {
                problems.add(new Violation(at + ".rule", "expectation '%s' needs a rule, a boolean SQL expression".formatted(name)));
                continue;
            }
            RowCondition.problems(parser, rule.rule(), columns).forEach(problem -> problems.add(new Violation(at + ".rule",
                    "expectation '%s': %s".formatted(name, problem))));
        }
        return problems;
    }
}
