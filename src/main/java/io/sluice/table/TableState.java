package io.sluice.table;

import java.util.List;

import org.apache.spark.sql.types.StructType;

/** A table as the catalog and its log describe it; {@code version} and {@code protocol} are null for non-Delta tables. */
public record TableState(TableName name, TableFormat format, List<String> partitionBy, String location, StructType schema,
        Long version, DeltaProtocol protocol) {
}
