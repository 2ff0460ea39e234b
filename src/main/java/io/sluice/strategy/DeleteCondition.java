package io.sluice.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedStar;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Generator;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.catalyst.expressions.WindowFunction;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.types.StructType;

import io.sluice.problem.InvalidRequestException;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A row condition such as {@code op = 'D'}, parsed by Spark's own SQL parser and checked before the run: it may name only
 * the source's columns (when the source declares them; otherwise the run's analysis does), call only Spark's built-in,
 * deterministic, row-level functions (no aggregate, window or generator), and hold no subquery. Anything else is a 422.
 */
public final class DeleteCondition {

    private DeleteCondition() {
    }

    /** Refuses the condition with every reason found; {@code columns} are the source's, empty when it declares none. */
    public static void check(String field, String sql, Optional<StructType> columns) {
        InvalidRequestException.check(sql != null && !sql.isBlank(), field, "give a condition over a source row, such as op = 'D'");
        Expression parsed;
        try {
            parsed = CatalystSqlParser$.MODULE$.parseExpression(sql);
        } catch (Exception e) { // ParseException, checked in Java's eyes and undeclared in Scala's
            if (!(e instanceof ParseException)) {
                throw e;
            }
            throw InvalidRequestException.of(field, "not a SQL expression: %s", e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
        }
        Set<String> known = columns.map(schema -> java.util.Arrays.stream(schema.fieldNames()).map(c -> c.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet())).orElse(null);
        List<String> problems = new ArrayList<>();
        visit(parsed, node -> problems.addAll(refusals(node, known)));
        InvalidRequestException.check(problems.isEmpty(), field, "%s", String.join("; ", problems.stream().distinct().toList()));
    }

    private static List<String> refusals(Expression node, Set<String> known) {
        if (node instanceof SubqueryExpression) {
            return List.of("a subquery is not allowed: the condition sees one source row");
        }
        if (node instanceof UnresolvedStar) {
            return List.of("* is not a column");
        }
        if (node instanceof UnresolvedAttribute attribute) {
            String column = attribute.nameParts().head();
            return known == null || known.contains(column.toLowerCase(Locale.ROOT)) ? List.of()
                    : List.of("column '%s' is not in the source".formatted(column));
        }
        if (node instanceof UnresolvedFunction function) {
            return function(function);
        }
        return List.of();
    }

    private static List<String> function(UnresolvedFunction function) {
        List<String> parts = CollectionConverters.asJava(function.nameParts());
        String name = String.join(".", parts);
        Optional<scala.Function1<scala.collection.immutable.Seq<Expression>, Expression>> builder = parts.size() != 1 ? Optional.empty()
                : Optional.ofNullable(FunctionRegistry.builtin().lookupFunctionBuilder(FunctionIdentifier.apply(parts.get(0))).getOrElse(() -> null));
        if (builder.isEmpty()) {
            return List.of("'%s' is not a built-in function".formatted(name));
        }
        Expression built;
        try {
            built = builder.get().apply(function.arguments());
        } catch (RuntimeException e) { // a builder that checks its arguments' values: the run's analysis reports it
            return List.of();
        }
        if (built instanceof AggregateFunction || built instanceof WindowFunction || built instanceof Generator || function.isDistinct()) {
            return List.of("'%s' is not a row-level function: the condition sees one source row".formatted(name));
        }
        return built.deterministic() ? List.of() : List.of("'%s' is not deterministic: a replayed batch must delete the same rows".formatted(name));
    }

    private static void visit(Expression node, java.util.function.Consumer<Expression> visitor) {
        visitor.accept(node);
        CollectionConverters.asJava(node.children()).forEach(child -> visit(child, visitor));
    }

}
