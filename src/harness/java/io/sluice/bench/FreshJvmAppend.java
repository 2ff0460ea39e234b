package io.sluice.bench;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.sluice.SluiceProperties;
import io.sluice.spark.SparkProperties;

/**
 * What a spark-submit per run costs: a new JVM builds its own SparkSession (the service's exact
 * settings, Hive catalog and Delta), appends the rows of a JSON-lines file to a catalog table, and
 * exits. Arguments: data directory, JSON-lines file, schema DDL, table, partition column or "-".
 */
public final class FreshJvmAppend {

    private FreshJvmAppend() {
    }

    public static void main(String[] args) {
        SparkProperties properties = new SparkProperties("local[*]", "fresh-jvm-append", null, null, 4, ZoneId.of("UTC"), false, false, false, false, Map.of());
        SparkSession.Builder builder = SparkSession.builder().master("local[*]").appName("fresh-jvm-append");
        properties.settings(new SluiceProperties(Path.of(args[0]))).forEach(builder::config);
        SparkSession spark = builder.enableHiveSupport().getOrCreate();
        try {
            String[] table = args[3].split("\\.");
            spark.sql("CREATE DATABASE IF NOT EXISTS `" + table[0] + "`");
            DataFrameWriter<Row> writer = spark.read().schema(args[2]).option("mode", "FAILFAST").json(args[1])
                    .write().format("delta").mode("append");
            if (!args[4].equals("-")) {
                writer.partitionBy(args[4]);
            }
            writer.saveAsTable(args[3]);
        } finally {
            spark.stop();
        }
    }
}
