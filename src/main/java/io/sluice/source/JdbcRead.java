package io.sluice.source;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.jdbc.JdbcUtils;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

import io.sluice.problem.InvalidRequestException;
import io.sluice.source.JdbcRanges.Condition;
import io.sluice.source.SourceProperties.Jdbc;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads a {@link JdbcSource} with prepared statements, so the watermark and the split bounds are bound
 * parameters, never text in the SQL (Spark's JDBC source inlines pushed-down values as literals). One
 * Spark partition per range, each on its own connection in a read-only transaction with a fetch size.
 * The schema and the row conversion are Spark's own (JdbcUtils, the dialect of the URL).
 */
final class JdbcRead {

    private final JdbcSource spec;
    private final Jdbc.Connection connection;

    private JdbcRead(JdbcSource spec, Jdbc.Connection connection) {
        this.spec = spec;
        this.connection = connection;
    }

    static JdbcRead of(JdbcSource spec, Jdbc.Connection connection) {
        return new JdbcRead(spec, connection);
    }

    Dataset<Row> read(ReadContext read) {
        JdbcDialect dialect = JdbcDialects.get(connection.url());
        String base = "SELECT * FROM (" + spec.baseQuery() + ") sluice_source";
        StructType schema = schema(base + " WHERE 1 = 0", dialect);
        List<Condition> where = new ArrayList<>();
        if (read.watermark() != null) {
            ZoneId zone = ZoneId.of(read.session().conf().get("spark.sql.session.timeZone"));
            StructField column = field(schema, read.watermark().column(), "watermark.column");
            where.add(new Condition(dialect.quoteIdentifier(column.name()) + (read.watermark().inclusive() ? " >= ?" : " > ?"),
                    List.of(JdbcRanges.typed(read.watermark().value(), column.dataType(), zone))));
        }
        List<Condition> ranges = spec.partitionColumn() == null ? List.of(new Condition("1 = 1", List.of()))
                : JdbcRanges.split(dialect.quoteIdentifier(field(schema, spec.partitionColumn(), "source.partitionColumn").name()),
                        JdbcRanges.Bound.parse("source.lowerBound", spec.lowerBound(), "source.upperBound", spec.upperBound()),
                        spec.numPartitions());
        List<Condition> queries = ranges.stream().map(range -> {
            List<Condition> all = new ArrayList<>(where);
            all.add(range);
            List<Object> params = all.stream().flatMap(c -> c.params().stream()).toList();
            return new Condition(base + " WHERE " + String.join(" AND ", all.stream().map(c -> "(" + c.sql() + ")").toList()), params);
        }).toList();
        int fetchSize = spec.fetchSize() != null ? spec.fetchSize() : connection.fetchSize();
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(read.session().sparkContext()).parallelize(queries, queries.size())
                .mapPartitions(new Fetch(connection.url(), connection.user(), connection.password(), fetchSize, schema));
        return read.session().createDataFrame(rows, schema);
    }

    private StructType schema(String probe, JdbcDialect dialect) {
        try (Connection c = open(connection.url(), connection.user(), connection.password());
                PreparedStatement statement = c.prepareStatement(probe);
                ResultSet result = statement.executeQuery()) {
            return JdbcUtils.getSchema(c, result, dialect, true, false);
        } catch (SQLException e) {
            throw new SourceFailedException("connection '" + spec.connection() + "': " + e.getMessage(), e);
        }
    }

    private static StructField field(StructType schema, String name, String requestField) {
        for (StructField field : schema.fields()) {
            if (field.name().equalsIgnoreCase(name)) {
                return field;
            }
        }
        throw InvalidRequestException.of(requestField, "the source has no column '%s'; it has %s", name, List.of(schema.fieldNames()));
    }

    static Connection open(String url, String user, String password) throws SQLException {
        Connection c = DriverManager.getConnection(url, user, password == null ? "" : password);
        c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
        c.setReadOnly(true);
        return c;
    }

    /** One range's rows, on the executor: its own connection, closed when the task completes. */
    private record Fetch(String url, String user, String password, int fetchSize, StructType schema)
            implements FlatMapFunction<Iterator<Condition>, Row>, Serializable {

        @Override
        public Iterator<Row> call(Iterator<Condition> queries) throws SQLException {
            if (!queries.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            Condition query = queries.next();
            Connection c = open(url, user, password);
            TaskContext.get().addTaskCompletionListener((TaskCompletionListener) task -> close(c));
            PreparedStatement statement = c.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(fetchSize);
            for (int i = 0; i < query.params().size(); i++) {
                statement.setObject(i + 1, query.params().get(i));
            }
            ResultSet result = statement.executeQuery();
            return CollectionConverters.asJava(JdbcUtils.resultSetToRows(result, schema, JdbcDialects.get(url)));
        }

        private static void close(Connection c) {
            try {
                c.close(); // the read-only transaction ends with it
            } catch (SQLException ignored) {
                // nothing was written; a failed close loses nothing
            }
        }
    }
}
