package io.sluice.source;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.sluice.problem.InvalidRequestException;
import io.sluice.table.TableName;

/** A fan-out taken from a table: the distinct values of some columns, in order, as text. */
final class ParameterTable {

    private ParameterTable() {
    }

    static List<Map<String, String>> rows(SparkSession session, String table, List<String> columns, int max) {
        TableName name = TableName.parse("source.parametersFrom.table", table);
        InvalidRequestException.check(session.catalog().tableExists(name.toString()), "source.parametersFrom.table", "no table %s", name);
        Column[] selected = columns.stream().map(c -> col("`" + c + "`").cast("string").as(c)).toArray(Column[]::new);
        List<Row> rows = session.table(name.quoted()).select(selected).where(col("`" + columns.get(0) + "`").isNotNull()).distinct()
                .orderBy(columns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new)).limit(max + 1).collectAsList();
        InvalidRequestException.check(rows.size() <= max, "source.parametersFrom", "more than %d parameter sets", max);
        List<Map<String, String>> sets = new ArrayList<>();
        for (Row row : rows) {
            Map<String, String> set = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                if (!row.isNullAt(i)) {
                    set.put(columns.get(i), row.getString(i));
                }
            }
            sets.add(set);
        }
        return sets;
    }
}
