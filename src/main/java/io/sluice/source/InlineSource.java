package io.sluice.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.strategy.DuplicateKeysException;
import io.sluice.write.DuplicatePolicy;
import io.sluice.write.WriteOptions;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** Rows in the request body, typed by a DDL schema: for manual runs, examples and tests. */
@Schema(description = "Rows given in the request, typed by a Spark DDL schema")
public record InlineSource(
        @Schema(description = "Spark DDL", example = "id BIGINT, name STRING, event_date DATE") String schema,
        @Schema(description = "Rows as JSON objects keyed by column name; missing columns are null")
        List<Map<String, Object>> rows) implements SourceSpec {

    // Decimals in full (0.0000000, not 0E-7): Spark's JSON reader hands a STRING column the number's text.
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    @Override
    public void validate(SourceContext context) {
        StructType struct = Schemas.parse("source.schema", schema);
        InvalidRequestException.check(rows != null, "source.rows", "rows are required (an empty list loads nothing)");
        int max = context.properties().inline().maxRows();
        InvalidRequestException.check(rows.size() <= max, "source.rows",
                "%d rows is more than an inline source takes (%d); use a files source", rows.size(), max);
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < rows.size() && violations.size() < 20; i++) {
            Map<String, Object> row = rows.get(i);
            if (row == null) {
                violations.add(new Violation("source.rows[" + i + "]", "a row must be a JSON object"));
                continue;
            }
            for (Map.Entry<String, Object> cell : row.entrySet()) {
                check(struct, "source.rows[" + i + "]." + cell.getKey(), cell.getKey(), cell.getValue()).ifPresent(violations::add);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations.subList(0, Math.min(20, violations.size())));
        }
    }

    /**
     * The duplicates check of a {@code fail} policy, on the rows in memory (the run would find the same
     * with Spark). Keys with a null part only repeat when keys are null-safe.
     */
    public void checkDuplicates(WriteOptions options) {
        if (options.keys().isEmpty() || options.duplicates() != DuplicatePolicy.FAIL || options.changes() != null || rows == null) {
            return;
        }
        Map<List<Object>, Integer> seen = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            List<Object> key = options.keys().stream().map(k -> row == null ? null : row.get(k)).toList();
            if (options.nullSafeKeys() || key.stream().allMatch(Objects::nonNull)) {
                seen.merge(key, 1, Integer::sum);
            }
        }
        List<String> repeated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> String.valueOf(e.getKey())).toList();
        if (!repeated.isEmpty()) {
            throw new DuplicateKeysException(repeated.size(), repeated.subList(0, Math.min(5, repeated.size())));
        }
    }

    /** The value against its column's exact type, as Spark's JSON reader will read it (see ColumnValues). */
    private static Optional<Violation> check(StructType struct, String field, String column, Object value) {
        Optional<StructField> found = Arrays.stream(struct.fields()).filter(f -> f.name().equals(column)).findFirst();
        if (found.isEmpty()) {
            return Optional.of(new Violation(field, "no column '%s' in the schema".formatted(column)));
        }
        return ColumnValues.check(field, value, found.get().dataType());
    }

    @Override
    public Dataset<Row> read(ReadContext read) {
        SparkSession session = read.session();
        List<String> lines = rows.stream().map(JSON::writeValueAsString).toList();
        // One partition: inline rows are small (the body limit), and a task per core would write a file per core into
        // every partition of a partitioned table (BENCHMARKS.md, P1).
        return session.read().schema(Schemas.parse("source.schema", schema))
                .option("mode", "FAILFAST") // a value that does not parse fails the run instead of becoming null
                .json(session.createDataset(lines, Encoders.STRING()).coalesce(1));
    }

    @Override
    public OptionalLong rowCount() {
        return OptionalLong.of(rows.size());
    }

    @Override
    public Optional<StructType> declaredSchema() {
        return Optional.of(Schemas.parse("source.schema", schema));
    }

    @Override
    public String describe() {
        int count = rows == null ? 0 : rows.size();
        return "%d inline %s (%s)".formatted(count, count == 1 ? "row" : "rows", schema);
    }

    @Override
    public String typeName() {
        return "inline";
    }
}
