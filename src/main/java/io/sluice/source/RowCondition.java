package io.sluice.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.SimpleFunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedStar;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Generator;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.Nondeterministic;
import org.apache.spark.sql.catalyst.expressions.PlanExpression;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.expressions.WindowFunction;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.types.DataTypes;

import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A user's SQL condition over one source row (an expectation's rule, apply_changes' deleteWhen), checked on the parse tree
 * Spark's own parser makes, before any run: every function a deterministic, row-level built-in (looked up in Spark's registry
 * of built-ins, so a session's user-defined functions are unknown here), no subquery, window, aggregate or generator, and,
 * where the source's columns are known, only those (lambda variables too). Needs no SparkSession; the type is checked where a
 * schema is there to analyse against.
 */
public final class RowCondition {

    private static final String AGGREGATES = "function '%s' aggregates: a condition sees one source row";

    private RowCondition() {
    }

    /**
     * Every reason {@code sql} may not run, each once; empty when it may. {@code columns} are the source's, null while they are
     * not known (then the run's analysis checks them).
     */
    public static List<String> problems(ParserInterface parser, String sql, Set<String> columns) {
        if (sql == null || sql.isBlank()) {
            return List.of("give a boolean SQL expression over the source's columns");
        }
        Expression parsed;
        try {
            parsed = parser.parseExpression(sql);
        } catch (Exception e) { // ParseException, undeclared in Scala's eyes: the parser's own first line names the position
            return List.of("does not parse: " + firstLine(e));
        }
        List<String> problems = new ArrayList<>();
        walk(parsed, Set.of(), columns == null ? null : lower(columns), problems);
        return problems.stream().distinct().toList();
    }

    private static void walk(Expression e, Set<String> lambdaVariables, Set<String> columns, List<String> problems) {
        if (e instanceof PlanExpression<?>) {
            problems.add("a subquery is not allowed: a condition sees one source row");
            return;
        }
        if (e instanceof WindowExpression || e.getClass().getSimpleName().equals("UnresolvedWindowExpression")) {
            problems.add("a window function is not allowed: a condition sees one source row");
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
            function(function).ifPresent(problems::add);
        } else if (e instanceof AggregateFunction || e instanceof WindowFunction || e instanceof Generator || e instanceof Nondeterministic) {
            // the parser makes a few functions itself: first(x), last(x), any_value(x)
            judge(e.prettyName(), List.of(e.getClass()), Optional.empty()).ifPresent(problems::add);
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            walk(child, variables, columns, problems);
        }
    }

    /** Judged by the function's registered class and, where its builder can make it from these arguments, by what it makes. */
    private static Optional<String> function(UnresolvedFunction function) {
        List<String> parts = CollectionConverters.asJava(function.nameParts());
        String name = String.join(".", parts);
        SimpleFunctionRegistry builtin = FunctionRegistry$.MODULE$.builtin();
        FunctionIdentifier id = new FunctionIdentifier(parts.get(parts.size() - 1));
        if (parts.size() > 1 || !builtin.functionExists(id)) {
            return Optional.of("function '%s' is not one of Spark's built-in functions (user-defined functions are not allowed)".formatted(name));
        }
        if (function.isDistinct() || function.filter().isDefined()) {
            return Optional.of(AGGREGATES.formatted(name));
        }
        List<Class<?>> kinds = builtin.lookupFunction(id).map(info -> loaded(info.getClassName())).getOrElse(List::of);
        return judge(name, kinds, build(builtin, id, function));
    }

    private static Optional<String> judge(String name, List<Class<?>> kinds, Optional<Expression> built) {
        if (is(kinds, built, AggregateFunction.class, WindowFunction.class)) {
            return Optional.of(AGGREGATES.formatted(name));
        }
        if (is(kinds, built, Generator.class)) {
            return Optional.of("function '%s' makes rows: a condition answers true or false for one row".formatted(name));
        }
        if (is(kinds, built, Nondeterministic.class) || built.map(b -> !b.deterministic()).orElse(false)) {
            return Optional.of("function '%s' is not deterministic: a replayed run must answer the same for the same row".formatted(name));
        }
        return Optional.empty();
    }

    private static boolean is(List<Class<?>> kinds, Optional<Expression> built, Class<?>... types) {
        return Stream.of(types).anyMatch(type -> kinds.stream().anyMatch(type::isAssignableFrom) || built.map(type::isInstance).orElse(false));
    }

    private static List<Class<?>> loaded(String className) {
        try {
            return List.of(Class.forName(className, false, RowCondition.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of();
        }
    }

    /**
     * The function built on these arguments, or else on null literals in their place: a builder (explode's, mode's) asserts
     * that its arguments are resolved, and what it makes is the same kind of function either way. Empty where neither builds.
     */
    private static Optional<Expression> build(SimpleFunctionRegistry builtin, FunctionIdentifier id, UnresolvedFunction function) {
        Optional<Expression> built = build(builtin, id, function.arguments());
        if (built.isPresent()) {
            return built;
        }
        List<Expression> nulls = CollectionConverters.asJava(function.arguments()).stream()
                .map(argument -> (Expression) Literal.create(null, DataTypes.NullType)).toList();
        return build(builtin, id, CollectionConverters.asScala(nulls).toSeq());
    }

    private static Optional<Expression> build(SimpleFunctionRegistry builtin, FunctionIdentifier id, Seq<Expression> arguments) {
        try {
            return Optional.of((Expression) builtin.lookupFunction(id, arguments));
        } catch (Exception | AssertionError e) { // Scala throws AnalysisException undeclared, and asserts on unresolved input
            return Optional.empty();
        }
    }

    private static Set<String> lower(Set<String> columns) {
        Set<String> lower = new HashSet<>();
        columns.forEach(column -> lower.add(column.toLowerCase(Locale.ROOT)));
        return lower;
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return message.lines().filter(line -> !line.isBlank()).findFirst().orElse(message);
    }
}
