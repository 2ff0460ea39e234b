package io.sluice.run;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Service;

import io.sluice.api.EnumNames;
import io.sluice.api.NotFoundException;
import io.sluice.strategy.ParquetCommits;
import io.sluice.table.CommitInfo;
import io.sluice.table.DeltaCommits;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;

/**
 * A table's changes, newest first: Delta's own log (read on the driver), or for Parquet the ledger's
 * runs that changed it and were not undone (their position is the version: 0 is the create) with the
 * stage each made part of the table.
 */
@Service
class TableHistory {

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final RunLedger ledger;

    TableHistory(SparkSession spark, TableCatalog catalog, RunLedger ledger) {
        this.spark = spark;
        this.catalog = catalog;
        this.ledger = ledger;
    }

    List<HistoryEntry> of(TableName name, int limit) {
        SparkSession session = spark.newSession();
        TableState table = catalog.state(session, name).orElseThrow(() -> new NotFoundException("table", "no table " + name));
        List<HistoryEntry> entries = new ArrayList<>();
        if (table.format() == TableFormat.DELTA) {
            for (CommitInfo commit : DeltaCommits.since(catalog.deltaLog(session, table), Math.max(-1, table.version() - limit))) {
                String run = commit.userMetadataField("runId");
                entries.add(new HistoryEntry(commit.version(), commit.timestamp().atOffset(ZoneOffset.UTC), commit.operation(),
                        run == null ? null : UUID.fromString(run), commit.toRunMetrics(), null));
            }
            Collections.reverse(entries);
            return entries;
        }
        List<Run> changes = ledger.changes(name.toString());
        for (int version = changes.size() - 1; version >= Math.max(0, changes.size() - limit); version--) {
            Run run = changes.get(version);
            String location = ParquetCommits.recorded(session, table, run.id()).isPresent()
                    ? ParquetCommits.stageOf(table, run.id()) : null;
            entries.add(new HistoryEntry((long) version, run.finishedAt(), EnumNames.of(run.strategy()), run.id(), run.metrics(), location));
        }
        return entries;
    }
}
