package io.sluice.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.springframework.stereotype.Component;

import io.sluice.api.InvalidRequestException;
import io.sluice.api.InvalidRequestException.Violation;
import io.sluice.source.SourceContext;
import io.sluice.strategy.Strategies;
import io.sluice.strategy.WriteStrategy;
import io.sluice.table.Identifiers;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;

/** Turns a request into a {@link RunPlan} or a 422 listing everything that is wrong with it. */
@Component
class RunRequestValidator {

    private final Strategies strategies;
    private final SourceContext sources;
    private final TableCatalog catalog;
    private final SparkSession spark;

    RunRequestValidator(Strategies strategies, SourceContext sources, TableCatalog catalog, SparkSession spark) {
        this.strategies = strategies;
        this.sources = sources;
        this.catalog = catalog;
        this.spark = spark;
    }

    RunPlan plan(RunRequest request) {
        List<Violation> violations = new ArrayList<>();
        TableName table = collect(violations, () -> TableName.parse("table", request.table()));
        WriteStrategy strategy = collect(violations, () -> strategies.find(request.strategy()).orElseThrow(() ->
                InvalidRequestException.of("strategy", "strategy '%s' is not available in this version; available: %s",
                        request.strategy(), strategies.implemented())));
        collect(violations, () -> {
            InvalidRequestException.check(request.format() == null || request.format() == TableFormat.DELTA, "format",
                    "format '%s' is not available in this version; available: delta", request.format());
            return null;
        });
        collect(violations, () -> {
            request.source().validate(sources);
            return null;
        });
        collect(violations, () -> {
            checkPartitionColumns(request);
            return null;
        });
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        TableExpectations.check(request.format(), request.partitionBy(), catalog.state(spark, table));
        return new RunPlan(UUID.randomUUID(), table, strategy, request.format(), request.partitionBy(), request.source());
    }

    private static void checkPartitionColumns(RunRequest request) {
        Set<String> seen = new HashSet<>();
        for (String column : request.partitionBy()) {
            Identifiers.column("partitionBy", column);
            InvalidRequestException.check(seen.add(column.toLowerCase(Locale.ROOT)), "partitionBy",
                    "column '%s' appears twice", column);
        }
        StructType schema = request.source().declaredSchema().orElse(null);
        if (schema == null || request.partitionBy().isEmpty()) {
            return;
        }
        Set<String> columns = new HashSet<>();
        for (String name : schema.fieldNames()) {
            columns.add(name.toLowerCase(Locale.ROOT));
        }
        for (String column : request.partitionBy()) {
            InvalidRequestException.check(columns.contains(column.toLowerCase(Locale.ROOT)), "partitionBy",
                    "partition column '%s' is not in the source schema %s", column, List.of(schema.fieldNames()));
        }
        InvalidRequestException.check(seen.size() < columns.size(), "partitionBy",
                "a table needs at least one column that is not a partition column");
    }

    private static <T> T collect(List<Violation> violations, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidRequestException e) {
            violations.addAll(e.violations());
            return null;
        }
    }
}
