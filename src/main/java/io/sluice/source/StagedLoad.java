package io.sluice.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import io.sluice.source.http.StagingArea;


/**
 * Staged pages as rows for the table, with their lineage: the run that loaded them, when, and the
 * page file each row came from. Read with the declared schema where there is one (strictly: a value
 * that does not parse fails the run), else with Spark's inference over the pages.
 */
public final class StagedLoad {

    public static final String RUN_ID = "_run_id";
    public static final String INGESTED_AT = "_ingested_at";
    public static final String SOURCE_FILE = "_source_file";

    private StagedLoad() {
    }

    /** The table's columns for a declared schema: the data's, then the lineage columns. */
    public static StructType withLineage(StructType data) {
        return data.add(RUN_ID, DataTypes.StringType).add(INGESTED_AT, DataTypes.TimestampType).add(SOURCE_FILE, DataTypes.StringType);
    }

    /**
     * The staged pages of these batches. Each batch's folder is read as one path and its rows kept by
     * file name: handing Spark the pages one by one makes it list them with a job of one task per page.
     */
    public static Dataset<Row> read(ReadContext read, List<StagingArea> batches, StructType schema) {
        Dataset<Row> data = null;
        FileListing staging = FileListing.staging(read.sources().properties(), "source");
        for (StagingArea batch : batches) {
            staging.select(batch.dir(), false); // what Spark lists below must not lead out of the staging root
            List<String> pages = batch.pages();
            if (pages.isEmpty()) {
                continue;
            }
            var reader = read.session().read().option("mode", "FAILFAST");
            if (schema != null) {
                reader.schema(schema);
            }
            Dataset<Row> staged = reader.json(batch.dir().toString())
                    .where(col("_metadata.file_name").isin(pages.toArray())) // pages of requests that did not complete stay out
                    .withColumn(SOURCE_FILE, col("_metadata.file_path"));
            data = data == null ? staged : data.unionByName(staged, true);
        }
        if (data == null) {
            if (schema == null) {
                throw new SourceFailedException("nothing is staged and the source declares no schema, so there are no columns to load; "
                        + "declare a schema for pulls that can come back empty");
            }
            data = read.session().createDataFrame(List.<Row>of(), schema).withColumn(SOURCE_FILE, lit(null).cast("string"));
        }
        return data.withColumn(RUN_ID, lit(read.runId().toString()))
                .withColumn(INGESTED_AT, lit(Timestamp.from(read.startedAt())))
                .select(lineageLast(data.columns()));
    }

    /** The lineage columns after the data's, in a fixed order. */
    private static org.apache.spark.sql.Column[] lineageLast(String[] columns) {
        List<String> lineage = List.of(RUN_ID, INGESTED_AT, SOURCE_FILE);
        return java.util.stream.Stream.concat(java.util.Arrays.stream(columns).filter(c -> !lineage.contains(c)), lineage.stream())
                .map(c -> col("`" + c + "`")).toArray(org.apache.spark.sql.Column[]::new);
    }
}
