package io.sluice.source;

import java.util.Optional;
import java.util.OptionalLong;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
        @JsonSubTypes.Type(value = FilesSource.class, name = "files"),
        @JsonSubTypes.Type(value = JdbcSource.class, name = "jdbc"),
        @JsonSubTypes.Type(value = HttpSource.class, name = "http"),
        @JsonSubTypes.Type(value = StagingSource.class, name = "staging") })
@Schema(description = "The source of the rows", discriminatorProperty = "type",
        oneOf = { InlineSource.class, FilesSource.class, JdbcSource.class, HttpSource.class, StagingSource.class },
        discriminatorMapping = {
                @DiscriminatorMapping(value = "inline", schema = InlineSource.class),
                @DiscriminatorMapping(value = "files", schema = FilesSource.class),
                @DiscriminatorMapping(value = "jdbc", schema = JdbcSource.class),
                @DiscriminatorMapping(value = "http", schema = HttpSource.class),
                @DiscriminatorMapping(value = "staging", schema = StagingSource.class) })
public sealed interface SourceSpec permits InlineSource, FilesSource, JdbcSource, HttpSource, StagingSource {

    /** Throws {@link io.sluice.problem.InvalidRequestException} naming every field that is wrong. */
    void validate(SourceContext context);

    /** Builds the Dataset, lazy where the source allows (an http pull stages first); Spark reads when the strategy writes. */
    Dataset<Row> read(ReadContext read);

    /**
     * Whether reading the Dataset again gives the same rows. Files (listed once), inline rows and staged pulls do; a
     * database query need not, so a run reads such a source once into Spark's blocks before using it twice.
     */
    default boolean repeatable() {
        return true;
    }

    /** After the run's rows are committed: a pull applies its retention here. */
    default void loaded(ReadContext read) {
    }

    /** How many rows the source gives, where the request itself says so (inline rows); empty where only reading tells. */
    default OptionalLong rowCount() {
        return OptionalLong.empty();
    }

    /** The schema, where the request states it; lets partition columns be checked before the run. */
    Optional<StructType> declaredSchema();

    /** A one-line description for the run record: never row data or secrets. */
    String describe();

    String typeName();
}
