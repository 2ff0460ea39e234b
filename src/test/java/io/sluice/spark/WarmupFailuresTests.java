package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** What readiness and the log say about a failed warm-up: the problem and the setting to look at, never a trace. */
class WarmupFailuresTests {

    final WarmupFailures remote = new WarmupFailures("thrift://127.0.0.1:9083", "sluice.spark.conf.[spark.hadoop.hive.metastore.uris]",
            "/srv/sluice/metastore", "file:/srv/sluice/warehouse/");
    final WarmupFailures typed = new WarmupFailures("thrift://127.0.0.1:9083", "sluice.catalog.metastore-uris", "/srv/sluice/metastore",
            "file:/srv/sluice/warehouse/");
    final WarmupFailures embedded = new WarmupFailures("", "sluice.catalog.metastore-uris", "/srv/sluice/metastore", "file:/srv/sluice/warehouse/");

    @Test
    void shouldNameTheUnreachableMetastoreAndItsSetting() {
        RuntimeException failure = new RuntimeException("org.apache.hadoop.hive.ql.metadata.HiveException: Unable to instantiate "
                + "org.apache.hadoop.hive.ql.metadata.SessionHiveMetaStoreClient",
                new RuntimeException("Could not connect to meta store using any of the URIs provided",
                        new ConnectException("Connection refused")));

        assertThat(remote.apply(failure)).startsWith("cannot reach the Hive metastore at thrift://127.0.0.1:9083: ")
                .contains("sluice.spark.conf.[spark.hadoop.hive.metastore.uris]", "the catalog settings")
                .endsWith("(Connection refused)");
        assertThat(typed.apply(failure)).startsWith("cannot reach the Hive metastore at thrift://127.0.0.1:9083: ")
                .contains("sluice.catalog.metastore-uris").doesNotContain("sluice.spark.conf");
    }

    @Test
    void shouldTellAMetastoreClientFailureFromOthers() {
        assertThat(WarmupFailures.fromMetastore(new RuntimeException("Unable to instantiate SessionHiveMetaStoreClient",
                new RuntimeException("Could not connect to meta store using any of the URIs provided")))).isTrue();
        assertThat(WarmupFailures.fromMetastore(new IllegalStateException("the ledger's connection pool is exhausted"))).isFalse();
    }

    @Test
    void shouldNameTheWarehouseWhenItCannotBeWritten() {
        RuntimeException failure = new RuntimeException("MetaException(message:Unable to create database path "
                + "file:/srv/sluice/warehouse, failed to create database default)");

        assertThat(embedded.apply(failure)).startsWith("cannot write to the warehouse file:/srv/sluice/warehouse/")
                .contains("sluice.spark.warehouse-dir", "sluice.data-dir");
        assertThat(remote.apply(new RuntimeException("write failed", new AccessDeniedException("/srv/sluice/engine-warmup"))))
                .startsWith("cannot write to the warehouse").endsWith("(/srv/sluice/engine-warmup)");
    }

    @Test
    void shouldNameTheEmbeddedMetastoreWhenDerbyCannotOpenIt() {
        RuntimeException failure = new RuntimeException("Failed to start database 'metastore_db'",
                new IllegalStateException("Another instance of Derby may have already booted the database /srv/sluice/metastore/metastore_db."));

        assertThat(embedded.apply(failure)).startsWith("cannot open the embedded metastore in /srv/sluice/metastore: ")
                .contains("sluice.spark.metastore-dir");
    }

    @Test
    void shouldSayWhatDidNotAnswerWhenAnAttemptTimesOut() {
        assertThat(remote.apply(new TimeoutException("the attempt did not end within PT2M")))
                .startsWith("the attempt did not end within PT2M: the Hive metastore at thrift://127.0.0.1:9083 or the warehouse")
                .contains("sluice.spark.warm-up-retry.attempt-timeout");
        assertThat(typed.apply(new TimeoutException("the attempt did not end within PT2M")))
                .contains("check sluice.catalog.metastore-uris, the metastore's own store and sluice.spark.warehouse-dir");
        assertThat(embedded.apply(new TimeoutException("the attempt did not end within PT2M")))
                .isEqualTo("the attempt did not end within PT2M: the warehouse file:/srv/sluice/warehouse/ did not answer; check "
                        + "sluice.spark.warehouse-dir (sluice.spark.warm-up-retry.attempt-timeout bounds an attempt)");
    }

    @Test
    void shouldGiveTheInnermostMessageOfAnyOtherFailureOnItsFirstLine() {
        assertThat(remote.apply(new RuntimeException("outer", new IllegalStateException("the real reason\n\tat somewhere"))))
                .isEqualTo("the real reason");
        assertThat(remote.apply(new RuntimeException("outer", new NullPointerException()))).isEqualTo("NullPointerException");
    }
}
