package io.sluice.source;

import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where a run's rows come from, chosen by {@code type}. Each source checks itself before the run is
 * accepted (so bad input is a 422, not a failed run) and reads itself into a Dataset on the run's session.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = InlineSource.class, name = "inline"),
        @JsonSubTypes.Type(value = FilesSource.class, name = "files") })
@Schema(description = "The source of the rows", discriminatorProperty = "type", oneOf = { InlineSource.class, FilesSource.class },
        discriminatorMapping = {
                @DiscriminatorMapping(value = "inline", schema = InlineSource.class),
                @DiscriminatorMapping(value = "files", schema = FilesSource.class) })
public sealed interface SourceSpec permits InlineSource, FilesSource {

    /** Throws {@link io.sluice.api.InvalidRequestException} naming every field that is wrong. */
    void validate(SourceContext context);

    /** Builds the (lazy) Dataset; Spark reads when the strategy writes. */
    Dataset<Row> read(SparkSession session, SourceContext context);

    /** The schema, where the request states it; lets partition columns be checked before the run. */
    Optional<StructType> declaredSchema();

    /** A one-line description for the run record: never row data or secrets. */
    String describe();

    String typeName();
}
