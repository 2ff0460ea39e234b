package io.sluice.write;

import org.apache.spark.sql.Column;

/**
 * How a merge matches target {@code t} and source {@code s} rows: {@code keys} on every key, {@code on} the keys and, on a
 * partitioned table, literal predicates on the touched partitions (so a format that can prune reads only those), and
 * the touched partitions themselves (null: the table has no partitions).
 */
public record KeyCondition(Column keys, Column on, TouchedPartitions touched) {
}
