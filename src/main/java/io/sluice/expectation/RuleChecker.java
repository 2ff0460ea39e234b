package io.sluice.expectation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.SimpleFunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedStar;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Generator;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.Nondeterministic;
import org.apache.spark.sql.catalyst.expressions.PlanExpression;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.expressions.WindowFunction;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.catalyst.parser.ParserInterface;

import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.table.Identifiers;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Checks rules before a run, on the parse tree Spark's own parser makes: every function a deterministic built-in (looked up in
 * Spark's registry of built-ins, so a session's user-defined functions are unknown here), no subquery, aggregate, window or
 * generator, and, where the source's columns are known, only those. Needs no SparkSession; the types are checked when a schema
 * is there to analyse against ({@link Expectations#analyse}).
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
        Set<String> known = columns == null ? null : lower(columns);
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
            Expression parsed;
            try {
                parsed = parser.parseExpression(rule.rule());
            } catch (Exception e) { // ParseException: the parser's own message names the position
                problems.add(new Violation(at + ".rule", "expectation '%s' does not parse: %s".formatted(name, firstLine(e))));
                continue;
            }
            List<String> found = new ArrayList<>();
            walk(parsed, Set.of(), known, found);
            found.stream().distinct().forEach(problem -> problems.add(new Violation(at + ".rule",
                    "expectation '%s': %s".formatted(name, problem))));
        }
        return problems;
    }

    private static void walk(Expression e, Set<String> lambdaVariables, Set<String> columns, List<String> problems) {
        if (e instanceof PlanExpression<?>) {
            problems.add("a subquery is not allowed: a rule looks at one source row");
            return;
        }
        if (e instanceof WindowExpression || e.getClass().getSimpleName().equals("UnresolvedWindowExpression")) {
            problems.add("a window function is not allowed: a rule looks at one source row");
            return;
        }
        if (e instanceof UnresolvedStar) {
            problems.add("'*' is not allowed: name the columns");
            return;
        }
        if (e instanceof UnresolvedAttribute attribute) {
            String column = attribute.nameParts().head().toLowerCase(Locale.ROOT);
            if (columns != null && !lambdaVariables.contains(column) && !columns.contains(column)) {
                problems.add("column '%s' is not in the source; its columns are %s".formatted(attribute.name(), columns.stream().sorted().toList()));
            }
        }
        Set<String> variables = lambdaVariables;
        if (e instanceof LambdaFunction lambda) {
            variables = new HashSet<>(lambdaVariables);
            for (NamedExpression argument : CollectionConverters.asJava(lambda.arguments())) {
                variables.add(argument.name().toLowerCase(Locale.ROOT));
            }
        }
        if (e instanceof UnresolvedFunction function) {
            checkFunction(function, problems);
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            walk(child, variables, columns, problems);
        }
    }

    private static void checkFunction(UnresolvedFunction function, List<String> problems) {
        List<String> parts = CollectionConverters.asJava(function.nameParts());
        String name = String.join(".", parts);
        SimpleFunctionRegistry builtin = FunctionRegistry$.MODULE$.builtin();
        FunctionIdentifier id = new FunctionIdentifier(parts.get(parts.size() - 1));
        if (parts.size() > 1 || !builtin.functionExists(id)) {
            problems.add("function '%s' is not one of Spark's built-in functions (user-defined functions are not allowed)".formatted(name));
            return;
        }
        if (function.isDistinct() || function.filter().isDefined()) {
            problems.add("function '%s' aggregates: a rule looks at one source row".formatted(name));
            return;
        }
        Class<?> kind = builtin.lookupFunction(id).map(info -> {
            try {
                return (Class<?>) Class.forName(info.getClassName(), false, RuleChecker.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return (Class<?>) Object.class;
            }
        }).getOrElse(() -> Object.class);
        if (AggregateFunction.class.isAssignableFrom(kind) || WindowFunction.class.isAssignableFrom(kind)) {
            problems.add("function '%s' aggregates: a rule looks at one source row".formatted(name));
        } else if (Generator.class.isAssignableFrom(kind)) {
            problems.add("function '%s' makes rows: a rule answers true or false for one row".formatted(name));
        } else if (Nondeterministic.class.isAssignableFrom(kind) || !deterministic(builtin, id, function)) {
            problems.add("function '%s' is not deterministic: a rule must answer the same for the same row".formatted(name));
        }
    }

    /**
     * Whether the function built on these arguments is deterministic (its class alone may not say: a builder). A builder
     * that needs resolved arguments cannot answer here: the analysis against the source's schema checks it then.
     */
    private static boolean deterministic(SimpleFunctionRegistry builtin, FunctionIdentifier id, UnresolvedFunction function) {
        try {
            return ((Expression) builtin.lookupFunction(id, function.arguments())).deterministic();
        } catch (Exception | AssertionError e) { // Scala throws AnalysisException undeclared, and asserts on unresolved input
            return true;
        }
    }

    private static Set<String> lower(Set<String> columns) {
        Set<String> lower = new HashSet<>();
        columns.forEach(column -> lower.add(column.toLowerCase(Locale.ROOT)));
        return lower;
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
