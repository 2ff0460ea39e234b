package io.sluice.run.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import io.sluice.run.Run.SourceSummary;
import io.sluice.table.TableFormat;
import io.sluice.watermark.Watermarks;
import io.sluice.loadedfiles.LoadedFiles;
import io.sluice.write.RunMetrics;
import io.sluice.run.RunStatus;
import io.sluice.run.RunQuery;
import io.sluice.run.RunPage;
import io.sluice.run.RunOutcome;
import io.sluice.run.RunError;
import io.sluice.run.Run;
import io.sluice.run.RunKind;
import io.sluice.run.ErrorCode;
import io.sluice.run.maintenance.MaintenancePolicies;
import io.sluice.run.maintenance.MaintenanceProperties;
import io.sluice.run.maintenance.PolicyOverrides;

/** What the ledger guarantees, on every database it runs on (subclasses give the database). */
abstract class RunLedgerContract {

    RunLedger ledger;
    IdempotencyKeys keys;
    RunExpiry expiry;
    TableRetention retention;

    abstract DataSource dataSource();

    @BeforeEach
    void migrate() {
        DataSource dataSource = dataSource();
        Flyway.configure().dataSource(dataSource).cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ledger = new RunLedger(jdbc, new Watermarks(jdbc), new LoadedFiles(jdbc, new NamedParameterJdbcTemplate(dataSource), transactions),
                transactions);
        keys = new IdempotencyKeys(jdbc, ledger, transactions);
        retention = new TableRetention(jdbc);
        expiry = new RunExpiry(jdbc, transactions, null, retention);
    }

    @Test
    void shouldReadBackARunAsItWasRecorded() {
        Run run = queued("demo.events");
        ledger.insert(run, "{}");
        assertThat(ledger.find(run.id())).contains(run);
        assertThat(ledger.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aCancelAskedOfARunningRunShouldReachWhicheverReplicaRunsIt() {
        Run running = insert(queued("demo.events"));
        ledger.transition(running.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        Run other = insert(queued("demo.other"));
        ledger.transition(other.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        assertThat(ledger.cancelRequested(List.of(running.id(), other.id()))).isEmpty();

        ledger.markCancelRequested(running.id());
        assertThat(ledger.cancelRequested(List.of(running.id(), other.id()))).containsExactly(running.id());
        assertThat(ledger.cancelRequested(List.of())).isEmpty();
    }

    @Test
    void theQueueInTheLedgerShouldOfferTablesByTheirLongestWaitAndEachTablesRunsInSubmissionOrder() {
        QueuedRuns queue = new QueuedRuns(JdbcClient.create(dataSource()));
        Run b1 = insert(queued("db.b"));
        Run a1 = insert(queued("db.a"));
        Run b2 = insert(queued("db.b"));
        Run c1 = insert(queued("db.c"));
        ledger.transition(c1.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        assertThat(queue.tablesWaiting(10)).containsExactly("db.b", "db.a");
        assertThat(queue.tablesWaiting(1)).containsExactly("db.b");
        assertThat(queue.tablesRunning()).containsExactly("db.c");
        assertThat(queue.count()).isEqualTo(3);
        assertThat(queue.head("db.b")).contains(new QueuedRuns.QueuedRun(b1.id(), "db.b", RunKind.APPEND,
                "{\"table\":\"db.b\"}", null, null));

        ledger.transition(b1.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        assertThat(queue.head("db.b").orElseThrow().id()).isEqualTo(b2.id());
        assertThat(queue.tablesWaiting(10)).containsExactly("db.a", "db.b");
        ledger.transition(a1.id(), RunStatus.QUEUED, RunStatus.CANCELLED);
        assertThat(queue.head("db.a")).isEmpty();
        assertThat(queue.tablesRunning()).containsExactlyInAnyOrder("db.b", "db.c");
    }

    @Test
    void shouldTransitionOnlyFromTheExpectedStatus() {
        Run run = insert(queued("demo.events"));
        assertThat(ledger.transition(run.id(), RunStatus.QUEUED, RunStatus.RUNNING)).isTrue();
        assertThat(ledger.transition(run.id(), RunStatus.QUEUED, RunStatus.CANCELLED)).as("stale expectation").isFalse();

        Run running = ledger.find(run.id()).orElseThrow();
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.finishedAt()).isNull();
    }

    @Test
    void shouldRecordTheOutcomeOfAFinishedRun() {
        Run run = insert(queued("demo.events"));
        ledger.transition(run.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        RunMetrics metrics = new RunMetrics(3L, 3L, 0L, 0L, 2L, 0L, 1400L, 512L, 1L, List.of(Map.of("event_date", "2024-08-01")));
        assertThat(ledger.transition(run.id(), RunStatus.RUNNING, RunStatus.SUCCEEDED, new RunOutcome(4L, 5L, metrics, null))).isTrue();

        Run done = ledger.find(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.tableVersionBefore()).isEqualTo(4L);
        assertThat(done.tableVersionAfter()).isEqualTo(5L);
        assertThat(done.metrics()).isEqualTo(metrics);
        assertThat(done.error()).isNull();
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
    }

    @Test
    void shouldRecordWhyARunFailed() {
        Run run = insert(queued("demo.events"));
        ledger.transition(run.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        RunError error = new RunError(ErrorCode.SCHEMA_MISMATCH, "column x is not in the table", "DELTA_FAILED_TO_MERGE_FIELDS");
        ledger.transition(run.id(), RunStatus.RUNNING, RunStatus.FAILED, RunOutcome.failed(7L, error));

        Run failed = ledger.find(run.id()).orElseThrow();
        assertThat(failed.error()).isEqualTo(error);
        assertThat(failed.tableVersionBefore()).isEqualTo(7L);
        assertThat(failed.tableVersionAfter()).isNull();
    }

    @Test
    void shouldListNewestFirstFilteredAndPaged() {
        Run a1 = insert(queued("db.a"));
        Run b1 = insert(queued("db.b"));
        Run a2 = insert(queued("db.a"));
        ledger.transition(a2.id(), RunStatus.QUEUED, RunStatus.RUNNING);

        assertThat(ledger.list(new RunQuery(null, null, 0, 10)).items()).extracting(Run::id).containsExactly(a2.id(), b1.id(), a1.id());
        assertThat(ledger.list(new RunQuery("db.a", null, 0, 10)).items()).extracting(Run::id).containsExactly(a2.id(), a1.id());
        assertThat(ledger.list(new RunQuery(null, RunStatus.QUEUED, 0, 10)).items()).extracting(Run::id).containsExactly(b1.id(), a1.id());
        assertThat(ledger.list(new RunQuery("db.a", RunStatus.RUNNING, 0, 10)).items()).extracting(Run::id).containsExactly(a2.id());

        RunPage second = ledger.list(new RunQuery(null, null, 1, 2));
        assertThat(second.items()).extracting(Run::id).containsExactly(a1.id());
        assertThat(second.total()).isEqualTo(3);
    }

    @Test
    void shouldMarkRunsOfAPreviousProcessInterruptedOnRestart() {
        Run queued = insert(queued("db.a"));
        Run running = insert(queued("db.b"));
        ledger.transition(running.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        Run succeeded = insert(queued("db.c"));
        ledger.transition(succeeded.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        ledger.transition(succeeded.id(), RunStatus.RUNNING, RunStatus.SUCCEEDED, new RunOutcome(null, 0L, RunMetrics.NONE, null));

        ledger.failAllActive(RunError.of(ErrorCode.INTERRUPTED, "the service stopped"));

        for (Run interrupted : List.of(queued, running)) {
            Run after = ledger.find(interrupted.id()).orElseThrow();
            assertThat(after.status()).isEqualTo(RunStatus.FAILED);
            assertThat(after.error().code()).isEqualTo(ErrorCode.INTERRUPTED);
            assertThat(after.finishedAt()).isNotNull();
        }
        assertThat(ledger.find(succeeded.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ledger.countByStatus()).containsEntry(RunStatus.FAILED, 2L).containsEntry(RunStatus.SUCCEEDED, 1L)
                .containsEntry(RunStatus.QUEUED, 0L).containsEntry(RunStatus.RUNNING, 0L);
    }

    @Test
    void shouldShowTheLatestRunOfEveryTable() {
        insert(queued("db.a"));
        Run latestA = insert(queued("db.a"));
        Run onlyB = insert(queued("db.b"));
        assertThat(ledger.latestPerTable()).extracting(Run::id).containsExactly(latestA.id(), onlyB.id());
    }

    @Test
    void shouldExpireFinishedRunsWithTheirKeysButKeepActiveRunsAndParquetVersions() {
        Run delta = finished(insert(queued("db.a")), RunStatus.SUCCEEDED);
        Run failed = finished(insert(queued("db.a")), RunStatus.FAILED);
        Run queued = insert(queued("db.a"));
        Run running = insert(queued("db.b"));
        ledger.transition(running.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        Run parquetVersion = finished(insert(parquet(queued("db.p"), null, null)), RunStatus.SUCCEEDED);
        Run parquetFailure = finished(insert(parquet(queued("db.p"), null, null)), RunStatus.FAILED);
        Run firstAttempt = parquet(queued("db.q"), "load-1", null);
        keys.claim(firstAttempt, "{}", "hash");
        finished(firstAttempt, RunStatus.FAILED);
        Run retry = parquet(queued("db.q"), "load-1", firstAttempt.id());
        keys.retry(retry, "{}");
        finished(retry, RunStatus.FAILED);
        Run keptKey = parquet(queued("db.q"), "load-2", null);
        keys.claim(keptKey, "{}", "hash");
        finished(keptKey, RunStatus.SUCCEEDED);

        assertThat(expiry.expire(RunLedger.now().plusMinutes(1))).isEqualTo(5);

        assertThat(java.util.stream.Stream.of(delta, failed, parquetFailure, firstAttempt, retry).map(run -> ledger.find(run.id())))
                .allMatch(java.util.Optional::isEmpty);
        assertThat(java.util.stream.Stream.of(queued, running, parquetVersion, keptKey).map(run -> ledger.find(run.id())))
                .allMatch(java.util.Optional::isPresent);
        assertThat(keys.find("load-1")).as("a key leaves with its current attempt").isEmpty();
        assertThat(keys.find("load-2")).map(IdempotencyKeys.Claim::runId).contains(keptKey.id());
        assertThat(expiry.expire(RunLedger.now().minusMinutes(1))).as("nothing finished before then").isZero();
    }

    @Test
    void shouldExpireTheParquetVersionsAVacuumMadeUnrestorableAndKeepTheirNumbers() {
        List<Run> versions = List.of(parquet(queued("db.v"), null, null), parquet(queued("db.v"), null, null),
                parquet(queued("db.v"), null, null), parquet(queued("db.v"), null, null));
        versions.forEach(run -> finished(insert(run), RunStatus.SUCCEEDED));
        retention.restorableFrom("db.v", 2, UUID.randomUUID());

        assertThat(expiry.expire(RunLedger.now().plusMinutes(1))).isEqualTo(2);

        assertThat(ledger.changes("db.v")).extracting(Run::id).containsExactly(versions.get(2).id(), versions.get(3).id());
        assertThat(retention.of("db.v").orElseThrow().expiredChanges()).as("version 2 is still version 2").isEqualTo(2);
        assertThat(expiry.expire(RunLedger.now().plusMinutes(1))).as("version 2 is restorable").isZero();
    }

    private Run finished(Run run, RunStatus status) {
        ledger.transition(run.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        ledger.transition(run.id(), RunStatus.RUNNING, status, status == RunStatus.SUCCEEDED
                ? new RunOutcome(null, null, RunMetrics.appended(1, 1, 100), null)
                : RunOutcome.failed(null, RunError.of(ErrorCode.ENGINE_ERROR, "failed")));
        return run;
    }

    private Run parquet(Run run, String key, UUID retryOf) {
        return Run.queued(run.id(), run.table(), run.strategy(), TableFormat.PARQUET, run.partitionBy(), run.source(), run.createdAt(),
                key, retryOf);
    }

    @Test
    void shouldListEachTablesFirstRunAndLastSucceededVacuum() {
        Run first = insert(queued("db.a"));
        Run vacuum = insert(Run.queued(UUID.randomUUID(), "db.a", RunKind.VACUUM, TableFormat.DELTA, List.of(),
                new SourceSummary("vacuum", "vacuum"), first.createdAt().plusSeconds(1), null, null));
        ledger.transition(vacuum.id(), RunStatus.QUEUED, RunStatus.RUNNING);
        ledger.transition(vacuum.id(), RunStatus.RUNNING, RunStatus.SUCCEEDED, new RunOutcome(1L, 1L, RunMetrics.vacuumed(0, 0), null));
        Run failed = insert(Run.queued(UUID.randomUUID(), "db.a", RunKind.VACUUM, TableFormat.DELTA, List.of(),
                new SourceSummary("vacuum", "vacuum"), first.createdAt().plusSeconds(2), null, null));
        ledger.transition(failed.id(), RunStatus.QUEUED, RunStatus.CANCELLED);
        Run onlyB = insert(queued("db.b"));

        assertThat(ledger.vacuumHistory()).containsExactly(
                new RunLedger.VacuumHistory("db.a", TableFormat.DELTA, first.createdAt(), ledger.find(vacuum.id()).orElseThrow().finishedAt()),
                new RunLedger.VacuumHistory("db.b", TableFormat.DELTA, onlyB.createdAt(), null));
    }

    @Test
    void shouldKeepATablesMaintenancePolicyUntilItIsDeleted() {
        MaintenancePolicies policies = new MaintenancePolicies(JdbcClient.create(dataSource()), new MaintenanceProperties(
                new MaintenanceProperties.Compact(4, DataSize.ofMegabytes(128)), new MaintenanceProperties.Vacuum(Duration.ofDays(7),
                Duration.ofDays(7), 10), new MaintenanceProperties.Orphans(Duration.ofDays(7)), new MaintenanceProperties.Auto(true, Duration.ofDays(1), Duration.ofMinutes(10))));
        PolicyOverrides own = new PolicyOverrides(true, 3, null, false, 12L, null);
        policies.set("db.a", own);
        policies.set("db.b", PolicyOverrides.NONE);
        assertThat(policies.find("db.a")).contains(own);
        policies.set("db.a", new PolicyOverrides(null, null, 2_000_000L, null, null, 200L));
        assertThat(policies.all()).containsExactlyInAnyOrderEntriesOf(Map.of("db.a", new PolicyOverrides(null, null, 2_000_000L, null, null,
                200L), "db.b", PolicyOverrides.NONE));
        assertThat(policies.delete("db.a")).isTrue();
        assertThat(policies.delete("db.a")).isFalse();
        assertThat(policies.find("db.a")).isEmpty();
    }

    private Run insert(Run run) {
        ledger.insert(run, "{\"table\":\"" + run.table() + "\"}");
        return run;
    }

    /** Each run a millisecond after the last, so "newest first" is well defined. */
    private long clock;

    private Run queued(String table) {
        clock++;
        return Run.queued(UUID.randomUUID(), table, RunKind.APPEND, TableFormat.DELTA, List.of("event_date"),
                new SourceSummary("inline", "1 inline row"), RunLedger.now().plus(Duration.ofMillis(clock)).truncatedTo(ChronoUnit.MICROS),
                null, null);
    }
}
