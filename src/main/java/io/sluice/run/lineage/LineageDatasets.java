package io.sluice.run.lineage;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.codec.digest.DigestUtils;

import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;
import io.openlineage.client.utils.jdbc.JdbcDatasetUtils;
import io.sluice.run.Compaction;
import io.sluice.run.RestoreTarget;
import io.sluice.run.RunPlan;
import io.sluice.source.FilesSource;
import io.sluice.source.HttpSource;
import io.sluice.source.JdbcSource;
import io.sluice.source.SourceProperties;
import io.sluice.source.StagingSource;
import io.sluice.table.TableName;

/**
 * The names of a run's datasets, after the OpenLineage naming spec, computed by the client's own naming code where it
 * has one (file systems, object stores, JDBC URLs: no credentials in a name).
 */
final class LineageDatasets {

    private static final Pattern HTTP_URL = Pattern.compile("(?i)(https?)://([^/?#]+)([^?#]*).*");

    private LineageDatasets() {
    }

    /**
     * A catalog table: the storage location it lives at (as OpenLineage's Spark integration names the same table, so a
     * Spark job reading it joins the same graph), with a TABLE symlink naming it {@code db.table} in the catalog.
     */
    static DatasetIdentifier table(URI location, TableName table, String catalogNamespace) {
        return FilesystemDatasetUtils.fromLocation(location).withSymlink(table.toString(), catalogNamespace, DatasetIdentifier.SymlinkType.TABLE);
    }

    /**
     * What a run reads: its source (none for inline rows: they have no name another job could share), the table a pull
     * takes its parameters from, or, for a restore and a compaction, the table itself; a vacuum reads no rows.
     */
    static List<DatasetIdentifier> inputs(RunPlan plan, SourceProperties sources, Function<TableName, DatasetIdentifier> tables) {
        if (plan.operation() != null) {
            return plan.operation() instanceof RestoreTarget || plan.operation() instanceof Compaction
                    ? List.of(tables.apply(plan.table())) : List.of();
        }
        if (plan.source() instanceof FilesSource files) {
            return List.of(localPath(Path.of(files.path())));
        }
        if (plan.source() instanceof JdbcSource jdbc) {
            return List.of(jdbc(jdbc, sources));
        }
        if (plan.source() instanceof StagingSource staged) {
            return List.of(localPath(staged(staged, sources)));
        }
        if (plan.source() instanceof HttpSource http) {
            List<DatasetIdentifier> inputs = new ArrayList<>();
            http(http.url()).ifPresent(inputs::add);
            if (http.parametersFrom() != null && http.parametersFrom().table() != null) {
                inputs.add(tables.apply(TableName.parse("parametersFrom.table", http.parametersFrom().table())));
            }
            return List.copyOf(inputs);
        }
        return List.of(); // inline rows
    }

    /** A local file, folder or glob: namespace {@code file}, name its absolute path. */
    static DatasetIdentifier localPath(Path path) {
        return new DatasetIdentifier(path.toAbsolutePath().normalize().toString(), "file");
    }

    /**
     * A table of the connection's database ({@code postgres://host:port}, {@code db.schema.table}); a query, whose tables
     * Sluice does not parse, is named {@code db.query_<hash of its text>}: the same query, the same dataset.
     */
    static DatasetIdentifier jdbc(JdbcSource source, SourceProperties sources) {
        SourceProperties.Jdbc.Connection connection = sources.jdbc().connections().get(source.connection());
        String name = source.table() != null ? source.table() : "query_" + DigestUtils.sha256Hex(source.query().strip()).substring(0, 12);
        return JdbcDatasetUtils.getDatasetIdentifier(connection.url(), name, new Properties());
    }

    /** An API endpoint: namespace {@code https://host[:port]}, name the URL template's path (placeholders kept, query left out). */
    static Optional<DatasetIdentifier> http(String url) {
        Matcher matcher = HTTP_URL.matcher(url);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String path = matcher.group(3).isEmpty() ? "/" : matcher.group(3);
        String namespace = matcher.group(1).toLowerCase(Locale.ROOT) + "://" + matcher.group(2).toLowerCase(Locale.ROOT);
        return Optional.of(new DatasetIdentifier(path, namespace));
    }

    private static Path staged(StagingSource source, SourceProperties sources) {
        Path endpoint = sources.http().stagingRoot().resolve(source.name()).resolve(source.endpoint());
        return source.batch() == null ? endpoint : endpoint.resolve(source.batch());
    }
}
