package io.sluice.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.web.EnumNames;
import io.sluice.support.ObjectStoreTestRun;
import io.sluice.support.S3Proxy;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import tools.jackson.databind.JsonNode;

/**
 * In the build's object-storage execution (the strategies' tests with the warehouse in an S3 bucket),
 * this proves the tables really are objects in the bucket, not files on the local disk.
 */
@SluiceIntegrationTest
@EnabledIfSystemProperty(named = ObjectStoreTestRun.PROPERTY, matches = "s3proxy", disabledReason = "runs in the object-storage execution")
class ObjectStorageIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void tablesShouldLiveInTheBucket(TableFormat format) throws IOException {
        S3Proxy s3 = ObjectStoreTestRun.server().orElseThrow();
        String table = SluiceClient.uniqueTable("s3_" + EnumNames.of(format));
        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "dynamic_overwrite", "format": "%s", "partitionBy": ["event_date"],
                 "source": {"type": "inline", "schema": "id BIGINT, event_date DATE",
                            "rows": [{"id": 1, "event_date": "2024-08-01"}, {"id": 2, "event_date": "2024-08-02"}]}}"""
                .formatted(table, EnumNames.of(format)));
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");

        String name = table.substring(table.indexOf('.') + 1);
        assertThat(sluice.table(table).get("location").asString()).isEqualTo(s3.uri("warehouse/it.db/" + name));
        Path folder = s3.bucketFolder().resolve("warehouse/it.db/" + name);
        try (Stream<Path> objects = Files.walk(folder)) {
            assertThat(objects.filter(Files::isRegularFile).map(folder::relativize).map(Path::toString).filter(key -> key.endsWith(".parquet"))
                    .map(key -> key.substring(0, key.indexOf('/')))).containsExactlyInAnyOrder("event_date=2024-08-01", "event_date=2024-08-02");
        }
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "event_date", "2024-08-01"),
                Map.of("id", 2, "event_date", "2024-08-02"));
        assertThat(Path.of(System.getProperty("sluice.data-dir"), "warehouse")).doesNotExist();
    }
}
