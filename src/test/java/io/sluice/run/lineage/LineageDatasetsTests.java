package io.sluice.run.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.DatasetIdentifier.SymlinkType;
import io.sluice.source.JdbcSource;
import io.sluice.source.SourceProperties;
import io.sluice.table.TableName;

/** The names of a run's datasets, after the OpenLineage naming spec. */
class LineageDatasetsTests {

    final SourceProperties sources = new SourceProperties(new SourceProperties.Files(List.of()), new SourceProperties.Inline(10),
            new SourceProperties.Jdbc(Map.of("shop", new SourceProperties.Jdbc.Connection(
                    "jdbc:postgresql://db.internal:5433/shop?user=reader&password=hunter2", "reader", "hunter2", 1000)), 64),
            null);

    @Test
    void shouldNameATableByItsLocationWithASymlinkToItsCatalogName() {
        TableName table = TableName.parse("table", "demo.events");

        assertThat(LineageDatasets.table(URI.create("file:/srv/sluice/warehouse/demo.db/events"), table, "file:/srv/sluice/warehouse"))
                .isEqualTo(new DatasetIdentifier("/srv/sluice/warehouse/demo.db/events", "file")
                        .withSymlink("demo.events", "file:/srv/sluice/warehouse", SymlinkType.TABLE));
        DatasetIdentifier s3 = LineageDatasets.table(URI.create("s3a://lake/warehouse/demo.db/events"), table, "hive://hms:9083");
        assertThat(s3.getNamespace()).isEqualTo("s3://lake");
        assertThat(s3.getName()).isEqualTo("warehouse/demo.db/events");
        assertThat(s3.getSymlinks()).containsExactly(new DatasetIdentifier.Symlink("demo.events", "hive://hms:9083", SymlinkType.TABLE));
    }

    @Test
    void shouldNameFilesByTheirAbsolutePathOrGlob() {
        assertThat(LineageDatasets.localPath(Path.of("/data/inbox/events/../events/*.csv")))
                .isEqualTo(new DatasetIdentifier("/data/inbox/events/*.csv", "file"));
    }

    @Test
    void shouldNameAJdbcTableByTheDatabaseAndAQueryByItsText() {
        JdbcSource table = new JdbcSource("shop", "public.orders", null, null, null, null, null, null);
        JdbcSource query = new JdbcSource("shop", null, "SELECT id FROM orders", null, null, null, null, null);

        assertThat(LineageDatasets.jdbc(table, sources)).isEqualTo(new DatasetIdentifier("shop.public.orders", "postgres://db.internal:5433"));
        DatasetIdentifier queried = LineageDatasets.jdbc(query, sources);
        assertThat(queried.getNamespace()).as("no credentials in a name").isEqualTo("postgres://db.internal:5433");
        assertThat(queried.getName()).matches("shop\\.query_[0-9a-f]{12}");
        assertThat(LineageDatasets.jdbc(new JdbcSource("shop", null, "  SELECT id FROM orders\n", null, null, null, null, null), sources))
                .isEqualTo(queried);
    }

    @Test
    void shouldNameAnApiByItsHostAndThePathOfItsUrlTemplate() {
        assertThat(LineageDatasets.http("https://API.openf1.org/v1/car_data?session_key=9161"))
                .contains(new DatasetIdentifier("/v1/car_data", "https://api.openf1.org"));
        assertThat(LineageDatasets.http("http://127.0.0.1:8089/v1/sessions/{session_key}/laps"))
                .contains(new DatasetIdentifier("/v1/sessions/{session_key}/laps", "http://127.0.0.1:8089"));
        assertThat(LineageDatasets.http("https://api.example.com")).contains(new DatasetIdentifier("/", "https://api.example.com"));
    }
}
