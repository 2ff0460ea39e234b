package io.sluice.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import io.sluice.problem.InvalidRequestException;
import io.sluice.source.http.StagingArea;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Pages an http source staged before, loaded again without calling the API: one batch, or every batch
 * of the endpoint (to rebuild a bronze table). Only requests in a batch's manifest are read.
 */
@Schema(description = "Reloads pages an http source staged: one batch, or all batches of the endpoint")
public record StagingSource(
        @Schema(description = "The http source's name", example = "openf1") String name,
        @Schema(description = "The http source's endpoint", example = "car_data") String endpoint,
        @Schema(description = "One batch; omitted: every batch of the endpoint") String batch,
        @Schema(description = "Spark DDL of the records; omitted: inferred from the pages") String schema) implements SourceSpec {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    @Override
    public void validate(SourceContext context) {
        InvalidRequestException.check(name != null && NAME.matcher(name).matches(), "source.name", "the http source's name is required");
        InvalidRequestException.check(endpoint != null && NAME.matcher(endpoint).matches(), "source.endpoint", "the endpoint is required");
        InvalidRequestException.check(batch == null || NAME.matcher(batch).matches(), "source.batch", "a batch is letters, digits, '.', '_' and '-'");
        InvalidRequestException.check(!batches(context).isEmpty(), batch == null ? "source.endpoint" : "source.batch",
                "nothing is staged for %s/%s%s", name, endpoint, batch == null ? "" : " batch " + batch);
        declaredSchema();
    }

    @Override
    public Dataset<Row> read(ReadContext read) {
        return StagedLoad.read(read, batches(read.sources()), Schemas.optional("source.schema", schema).orElse(null));
    }

    /** The batches to load, each checked (validation and the run alike) to hold no link out of the staging root. */
    private List<StagingArea> batches(SourceContext context) {
        Path root = context.properties().http().stagingRoot();
        FileListing staging = FileListing.staging(context.properties(), batch == null ? "source.endpoint" : "source.batch");
        if (batch != null) {
            StagingArea area = StagingArea.of(root, name, endpoint, batch);
            staging.select(area.dir(), false); // before its manifest is read
            return area.completed().isEmpty() ? List.of() : List.of(area);
        }
        staging.select(root.toAbsolutePath().normalize().resolve(name).resolve(endpoint), false);
        List<StagingArea> batches = StagingArea.batches(root, name, endpoint);
        batches.forEach(area -> staging.select(area.dir(), false));
        return batches;
    }

    @Override
    public Optional<StructType> declaredSchema() {
        return Schemas.optional("source.schema", schema).map(StagedLoad::withLineage);
    }

    @Override
    public String describe() {
        return "staging %s/%s %s".formatted(name, endpoint, batch == null ? "(all batches)" : batch);
    }

    @Override
    public String typeName() {
        return "staging";
    }
}
