package io.sluice.source;

import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import io.sluice.problem.InvalidRequestException;
import io.sluice.source.SourceProperties.Jdbc.Connection;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A table or query of a database named in configuration. A watermark is pushed into the query as a
 * bound parameter; {@code partitionColumn} with bounds splits the read into ranges read in parallel.
 */
@Schema(description = "A table or query of a configured database connection (sluice.sources.jdbc.connections)")
public record JdbcSource(
        @Schema(description = "A connection name from sluice.sources.jdbc.connections", example = "shop") String connection,
        @Schema(description = "A table, optionally schema-qualified (give this or query)", example = "public.orders") String table,
        @Schema(description = "A SELECT to read instead of a table; it runs in a read-only transaction",
                example = "SELECT id, status, updated_at FROM orders") String query,
        @Schema(description = "A numeric, date or timestamp column to split the read by", example = "id") String partitionColumn,
        @Schema(description = "Lower bound of partitionColumn for the split (rows below go to the first range)", example = "1")
        String lowerBound,
        @Schema(description = "Upper bound of partitionColumn for the split (rows above go to the last range)", example = "1000000")
        String upperBound,
        @Schema(description = "Ranges read in parallel (1 = one query)", example = "4") Integer numPartitions,
        @Schema(description = "Rows fetched per round trip; default: the connection's") Integer fetchSize) implements SourceSpec {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
    static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    @Override
    public void validate(SourceContext context) {
        connection(context);
        InvalidRequestException.check((table == null) != (query == null), "source", "give exactly one of table or query");
        InvalidRequestException.check(table == null || TABLE.matcher(table).matches(), "source.table",
                "'%s' is not a table name ([schema.]name of letters, digits and _)", table);
        InvalidRequestException.check(query == null || query.strip().regionMatches(true, 0, "select", 0, 6)
                || query.strip().regionMatches(true, 0, "with", 0, 4), "source.query", "a query must be a SELECT (or WITH ... SELECT)");
        boolean split = partitionColumn != null || lowerBound != null || upperBound != null || numPartitions != null;
        if (split) {
            InvalidRequestException.check(partitionColumn != null && lowerBound != null && upperBound != null && numPartitions != null,
                    "source.partitionColumn", "a split needs partitionColumn, lowerBound, upperBound and numPartitions together");
            InvalidRequestException.check(COLUMN.matcher(partitionColumn).matches(), "source.partitionColumn",
                    "'%s' is not a column name", partitionColumn);
            int max = context.properties().jdbc().maxPartitions();
            InvalidRequestException.check(numPartitions >= 1 && numPartitions <= max, "source.numPartitions",
                    "numPartitions must be between 1 and %d", max);
            JdbcRanges.Bound.parse("source.lowerBound", lowerBound, "source.upperBound", upperBound);
        }
        InvalidRequestException.check(fetchSize == null || fetchSize >= 1 && fetchSize <= 100_000, "source.fetchSize",
                "fetchSize must be between 1 and 100000");
    }

    Connection connection(SourceContext context) {
        Connection found = connection == null ? null : context.properties().jdbc().connections().get(connection);
        InvalidRequestException.check(found != null, "source.connection", "no connection '%s' is configured; configured: %s",
                connection, context.properties().jdbc().connections().keySet().stream().sorted().toList());
        return found;
    }

    /** Rows committed between two reads would change the answer. */
    @Override
    public boolean repeatable() {
        return false;
    }

    /** The rows as the statement the source stands for: a table's, or the query's. */
    String baseQuery() {
        return table != null ? "SELECT * FROM " + table : query.strip().replaceAll(";+$", "");
    }

    @Override
    public Dataset<Row> read(ReadContext read) {
        return JdbcRead.of(this, connection(read.sources())).read(read);
    }

    @Override
    public Optional<StructType> declaredSchema() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "jdbc " + connection + ": " + (table != null ? table : "query") + (numPartitions != null ? " in " + numPartitions + " ranges of "
                + partitionColumn : "");
    }

    @Override
    public String typeName() {
        return "jdbc";
    }
}
