package io.sluice.source;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import io.sluice.web.EnumNames;
import io.sluice.problem.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Files under an allowed root: one path or a glob, in csv, json or parquet. Sluice lists the files
 * ({@link FileRoots#select}) and hands Spark exactly those, so Spark never follows a link out of the roots.
 */
@Schema(description = "csv, json or parquet files under an allowed root")
public record FilesSource(
        @Schema(example = "csv") FileFormat format,
        @Schema(description = "Absolute path or glob under sluice.sources.files.allowed-roots", example = "/data/inbox/events/*.csv")
        String path,
        @Schema(description = "Reader options from the format's allow-list, e.g. header for csv. csv and json default to mode FAILFAST")
        Map<String, String> options,
        @Schema(description = "Optional Spark DDL schema; csv without one reads every column as a string", example = "id BIGINT, name STRING")
        String schema,
        @Schema(description = "Read only the files not loaded into the table yet; the files a run loads are recorded with its "
                + "success. Default false: every matching file is read") Boolean incremental,
        @Schema(description = "Incremental: what to do with a file loaded before whose size or modification time changed since; "
                + "skip (default: reported in the run's files) or reload") OnChanged onChanged,
        @Schema(description = "csv and json: what a malformed record does: fail (default: the run fails, mode FAILFAST) or quarantine "
                + "(the record's text goes to the quarantine table with _rule '_malformed', the other rows load)", example = "quarantine")
        BadRecords badRecords) implements SourceSpec {

    /** The column a read with {@code badRecords: quarantine} holds a malformed record's text in (null for the others). */
    public static final String MALFORMED = "__sluice_malformed";

    /** What a malformed csv or json record does: fails the run, or is quarantined. */
    public enum BadRecords {
        FAIL, QUARANTINE
    }

    /** A file that changed after it was loaded: left out and reported, or read again. */
    public enum OnChanged {
        SKIP, RELOAD
    }

    public FilesSource {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** Whether malformed records are read into {@link #MALFORMED} (PERMISSIVE) rather than failing the read. */
    public boolean quarantinesBadRecords() {
        return badRecords == BadRecords.QUARANTINE;
    }

    public boolean isIncremental() {
        return Boolean.TRUE.equals(incremental);
    }

    @Override
    public void validate(SourceContext context) {
        InvalidRequestException.check(format != null, "source.format", "a format is required: csv, json or parquet");
        context.fileRoots().select("source.path", path, recursive()); // nothing matching yet is fine: the run fails if it stays so
        List<String> refused = options.keySet().stream().filter(option -> !format.accepts(option)).sorted().toList();
        InvalidRequestException.check(refused.isEmpty(), "source.options",
                "option(s) %s are not accepted for %s; accepted: %s", refused, EnumNames.of(format), format.options());
        declaredSchema();
        InvalidRequestException.check(onChanged == null || isIncremental(), "source.onChanged",
                "onChanged applies to an incremental files source: add \"incremental\": true");
        InvalidRequestException.check(!quarantinesBadRecords() || format != FileFormat.PARQUET, "source.badRecords",
                "badRecords quarantine is for csv and json; a parquet file has no malformed records to quarantine");
        InvalidRequestException.check(!quarantinesBadRecords() || !options.containsKey("mode"), "source.badRecords",
                "badRecords quarantine reads in mode PERMISSIVE: leave out the mode option");
    }

    @Override
    public Dataset<Row> read(ReadContext read) {
        return read(read, list(read));
    }

    /** The files the path matches now; a source that matches nothing fails the run. */
    public FileListing.Selection list(ReadContext read) {
        FileListing.Selection selection = read.sources().fileRoots().select("source.path", path, recursive());
        if (!selection.found()) {
            throw new SourceNotFoundException("nothing matches '%s'".formatted(path));
        }
        return selection;
    }

    /** Reads these files of the listing (all of them, or those an incremental load chose; at least one). */
    public Dataset<Row> read(ReadContext read, FileListing.Selection selection) {
        SparkSession session = read.session();
        DataFrameReader reader = session.read().format(EnumNames.of(format));
        if (format != FileFormat.PARQUET) {
            // a malformed record fails the run instead of loading nulls, or is kept whole, as text, for the quarantine
            reader.option("mode", quarantinesBadRecords() ? "PERMISSIVE" : "FAILFAST");
        }
        reader.options(options);
        declaredSchema().ifPresent(reader::schema);
        // The names listed are files, not patterns: a file named 'a[1].csv' must not read 'a1.csv' or anything else.
        reader.option("__globPaths__", "false");
        if (!selection.files().isEmpty()) { // partition columns as if Spark had listed the folder itself
            selection.basePath().ifPresent(folder -> reader.option("basePath", "file:" + folder));
        }
        // Spark lists more than 32 paths with a job of one task per path; listing files one by one on the driver is far quicker.
        session.conf().set("spark.sql.sources.parallelPartitionDiscovery.threshold", Integer.toString(Integer.MAX_VALUE));
        String[] paths = selection.files().stream().map(file -> "file:" + file).toArray(String[]::new);
        if (quarantinesBadRecords()) { // Spark fills the corrupt-record column only if the schema it reads with has it
            reader.option("columnNameOfCorruptRecord", MALFORMED);
            StructType schema = declaredSchema().orElseGet(() -> reader.load(paths).schema());
            StructType without = new StructType(java.util.Arrays.stream(schema.fields()).filter(f -> !f.name().equals(MALFORMED))
                    .toArray(org.apache.spark.sql.types.StructField[]::new));
            reader.schema(without.add(MALFORMED, "string"));
        }
        return reader.load(paths);
    }

    private boolean recursive() {
        return Boolean.parseBoolean(options.get("recursiveFileLookup"));
    }

    @Override
    public Optional<StructType> declaredSchema() {
        return Schemas.optional("source.schema", schema);
    }

    @Override
    public String describe() {
        return EnumNames.of(format) + " " + path + (isIncremental() ? ", incremental" : "");
    }

    @Override
    public String typeName() {
        return "files";
    }
}
