package io.sluice.format;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;

import io.sluice.problem.ConflictException;
import io.sluice.table.TableFormat;
import io.sluice.write.WriteRequest;
import io.sluice.web.EnumNames;

/** The first write of every table, whatever its format: a catalog table created from the rows in one statement. */
final class TableCreation {

    private TableCreation() {
    }

    static void create(WriteRequest request, Dataset<Row> data, TableFormat format, Map<String, String> properties) {
        var writer = data.writeTo(request.table().quoted()).using(EnumNames.of(format));
        properties.forEach(writer::tableProperty);
        if (!request.partitionBy().isEmpty()) {
            Column[] columns = request.partitionBy().stream().map(c -> col(c)).toArray(Column[]::new);
            writer.partitionedBy(columns[0], Arrays.copyOfRange(columns, 1, columns.length));
        }
        try {
            writer.create();
        } catch (TableAlreadyExistsException e) {
            throw new ConflictException("table " + request.table() + " was created by someone else meanwhile; run again");
        }
    }
}
