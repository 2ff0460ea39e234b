package io.sluice.format;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Column;

import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;

/** The columns a merge's matched rows take from the source, and whether a row's values differ in them: both formats' rule. */
final class MergeColumns {

    private MergeColumns() {
    }

    /** The table's columns a matched row takes from the source: keys never change; otherwise as updateColumns / excludeColumns say. */
    static List<String> updated(WriteRequest request) {
        return List.of(request.target().schema().fieldNames()).stream().filter(c -> takes(request.options(), c)).toList();
    }

    static boolean takes(WriteOptions options, String column) {
        String name = column.toLowerCase(Locale.ROOT);
        if (options.keys().stream().anyMatch(name::equalsIgnoreCase)) {
            return false;
        }
        if (!options.updateColumns().isEmpty()) {
            return options.updateColumns().stream().anyMatch(name::equalsIgnoreCase);
        }
        return options.excludeColumns().stream().noneMatch(name::equalsIgnoreCase);
    }

    /** Whether target {@code t} and source {@code s} differ in any of the columns, nulls equal to nulls. */
    static Column differ(List<String> columns, String target, String source) {
        return not(columns.stream().map(c -> col(target + "." + c).eqNullSafe(col(source + "." + c))).reduce(Column::and).orElse(lit(true)));
    }
}
