package io.sluice.run.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.expectation.Quarantine;
import io.sluice.run.Run;
import io.sluice.run.RunKind;
import io.sluice.run.RunStatus;
import io.sluice.run.ledger.RunLedger;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.web.EnumNames;
import tools.jackson.databind.JsonNode;

/**
 * A crash between a run's quarantine commit and its table commit, as the restart finds it: the run RUNNING in the ledger, its
 * rows in the quarantine table, none in the table. The recovery records it INTERRUPTED and takes its quarantined rows out;
 * an earlier run's stay. (The same crash with a real JVM halt at step {@code quarantined} is {@code QuarantineCrashIT}.)
 */
@SluiceIntegrationTest
class QuarantineRecoveryIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    RunLedger ledger;

    @Autowired
    RunRecovery recovery;

    @Autowired
    Quarantine quarantine;

    @Autowired
    SparkSession spark;

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aRunCutShortAfterItsQuarantineCommitShouldLoseItsQuarantinedRowsAtTheRestart(TableFormat format) throws Exception {
        String table = SluiceClient.uniqueTable("q_recover");
        JsonNode earlier = sluice.submitAndAwait("""
                {"table": "%s", "format": "%s", "strategy": "append",
                 "expectations": [{"name": "positive", "rule": "amount >= 0", "action": "quarantine"}],
                 "source": {"type": "inline", "schema": "id BIGINT, amount BIGINT", "rows": [{"id": 1, "amount": 1}, {"id": 2, "amount": -2}]}}"""
                .formatted(table, EnumNames.of(format)));
        assertThat(earlier.get("status").asString()).isEqualTo("SUCCEEDED");

        UUID crashed = UUID.randomUUID();
        ledger.insert(Run.queued(crashed, table, RunKind.APPEND, format, List.of(), new Run.SourceSummary("inline", "2 inline rows"),
                OffsetDateTime.now(ZoneOffset.UTC), null, null), "{}");
        ledger.transition(crashed, RunStatus.QUEUED, RunStatus.RUNNING);
        TableName quarantined = TableName.parse("q", table + "__quarantine");
        ledger.quarantining(crashed, quarantined.toString());
        SparkSession session = spark.newSession();
        Dataset<Row> rows = session.sql("SELECT 'positive' AS _rule, 3L AS id, -3L AS amount");
        quarantine.write(session, quarantined, format, crashed, Instant.now(), StructType.fromDDL("id BIGINT, amount BIGINT"), rows, null);
        assertThat(sluice.rows(quarantined.toString(), "id")).extracting(r -> r.get("id")).containsExactly(2, 3);

        recovery.reconcile(ledger.find(crashed).orElseThrow());

        JsonNode run = sluice.run(crashed.toString());
        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").get("code").asString()).isEqualTo("INTERRUPTED");
        List<Map<String, Object>> left = sluice.rows(quarantined.toString(), "id");
        assertThat(left).extracting(r -> r.get("id") + ":" + r.get("_run_id")).containsExactly("2:" + earlier.get("id").asString());
        assertThat(sluice.rows(table, "id")).extracting(r -> r.get("id")).containsExactly(1);
    }
}
