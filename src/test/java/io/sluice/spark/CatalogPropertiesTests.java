package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.sluice.SluiceProperties;

/** sluice.catalog.*: typed settings for a shared metastore service, turned into the Hive client's own. */
class CatalogPropertiesTests {

    final SluiceProperties sluice = new SluiceProperties(Path.of("/srv/sluice"));

    @Test
    void shouldKeepTheEmbeddedMetastoreWhenNoAddressIsGiven() {
        CatalogProperties defaults = bind(Map.of());

        assertThat(defaults.shared()).isFalse();
        assertThat(spark(Map.of()).settings(sluice, defaults))
                .containsEntry("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=/srv/sluice/metastore/metastore_db;create=true")
                .containsEntry("spark.hadoop.hive.metastore.client.socket.timeout", "60s")
                .doesNotContainKeys("spark.hadoop.hive.metastore.uris", "spark.hadoop.hive.metastore.connect.retries");
    }

    @Test
    void shouldPointTheHiveClientAtTheMetastoreServicesInOrder() {
        // as SLUICE_CATALOG_METASTORE_URIS gives them: one comma-separated value
        CatalogProperties catalog = bind(Map.of("sluice.catalog.metastore-uris", "thrift://hms-1:9083, thrift://hms-2:9083",
                "sluice.catalog.client-socket-timeout", "20s", "sluice.catalog.connect-retries", "5"));

        assertThat(catalog.shared()).isTrue();
        assertThat(spark(Map.of()).settings(sluice, catalog))
                .containsEntry("spark.hadoop.hive.metastore.uris", "thrift://hms-1:9083,thrift://hms-2:9083")
                .containsEntry("spark.hadoop.hive.metastore.client.socket.timeout", "20s")
                .containsEntry("spark.hadoop.hive.metastore.connect.retries", "5");
    }

    @Test
    void shouldLetARawSparkSettingWinAndNameThePropertyTheAddressCameFrom() {
        CatalogProperties catalog = bind(Map.of("sluice.catalog.metastore-uris", "thrift://hms:9083"));
        Map<String, String> raw = Map.of("spark.hadoop.hive.metastore.uris", "thrift://other:9083");

        assertThat(spark(raw).settings(sluice, catalog)).containsEntry("spark.hadoop.hive.metastore.uris", "thrift://other:9083");
        assertThat(CatalogProperties.uriProperty(raw)).isEqualTo("sluice.spark.conf.[spark.hadoop.hive.metastore.uris]");
        assertThat(CatalogProperties.uriProperty(Map.of())).isEqualTo("sluice.catalog.metastore-uris");
    }

    @Test
    void shouldRefuseAnAddressThatIsNotThriftHostAndPort() {
        for (String wrong : new String[] { "hms:9083", "http://hms:9083", "thrift://hms", "thrift://hms:9083/db", "thrift://:9083", "thrift ://hms:1" }) {
            assertThatThrownBy(() -> bind(Map.of("sluice.catalog.metastore-uris", wrong))).as(wrong).isInstanceOf(BindException.class)
                    .rootCause().hasMessage("sluice.catalog.metastore-uris: '" + wrong + "' is not a thrift://host:port address");
        }
    }

    @Test
    void shouldSayTheAddressIsMissingWhenTheProfilesVariableIsUnset() {
        assertThatThrownBy(() -> bind(Map.of("sluice.catalog.metastore-uris", "${SLUICE_CATALOG_METASTORE_URIS}"))).rootCause()
                .hasMessage("sluice.catalog.metastore-uris is not set (${SLUICE_CATALOG_METASTORE_URIS}): give the metastore service's "
                        + "thrift://host:port");
    }

    @Test
    void shouldRefuseTimeoutsAndRetriesThatWouldNeverLetACallEnd() {
        assertThatThrownBy(() -> bind(Map.of("sluice.catalog.client-socket-timeout", "0s"))).rootCause()
                .hasMessage("sluice.catalog.client-socket-timeout must be at least 1s, not PT0S");
        assertThatThrownBy(() -> bind(Map.of("sluice.catalog.connect-retries", "0"))).rootCause()
                .hasMessage("sluice.catalog.connect-retries must be at least 1, not 0");
    }

    private static CatalogProperties bind(Map<String, String> yaml) {
        return new Binder(new MapConfigurationPropertySource(yaml)).bindOrCreate("sluice.catalog", CatalogProperties.class);
    }

    private static SparkProperties spark(Map<String, String> conf) {
        return new SparkProperties("local[*]", "sluice", null, null, 4, ZoneId.of("UTC"), false, true, false, true, conf);
    }
}
