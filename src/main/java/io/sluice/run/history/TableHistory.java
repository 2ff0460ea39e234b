package io.sluice.run.history;

import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Service;

import io.sluice.problem.NotFoundException;
import io.sluice.format.Formats;
import io.sluice.format.TableCatalog;
import io.sluice.format.TableChange;
import io.sluice.format.TableChanges;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.run.ledger.RunLedger;
import io.sluice.run.ledger.TableRetention;

/**
 * A table's changes, newest first, as its format keeps them: Delta's own log (read on the driver), or for Parquet the
 * ledger's runs that changed it and were not undone (their position is the version: 0 is the create, counting the
 * changes expired from the ledger) with the stage each made part of the table; and how far back a restore may go.
 */
@Service
public class TableHistory implements TableChanges {

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final Formats formats;
    private final RunLedger ledger;
    private final TableRetention retention;

    TableHistory(SparkSession spark, TableCatalog catalog, Formats formats, RunLedger ledger, TableRetention retention) {
        this.retention = retention;
        this.spark = spark;
        this.catalog = catalog;
        this.formats = formats;
        this.ledger = ledger;
    }

    public List<HistoryEntry> of(TableName name, int limit) {
        SparkSession session = spark.newSession();
        TableState table = catalog.state(session, name).orElseThrow(() -> new NotFoundException("table", "no table " + name));
        return formats.of(table).history(session, table, () -> TableRestore.changes(ledger, retention, table), limit).stream()
                .map(version -> new HistoryEntry(version.version(), version.timestamp(), version.operation(), version.runId(),
                        version.metrics(), version.location()))
                .toList();
    }

    @Override
    public List<TableChange> of(TableState table) {
        return TableRestore.changes(ledger, retention, table);
    }

    @Override
    public OptionalLong restorableFrom(TableState table) {
        Long from = retention.of(table.name().toString()).map(TableRetention.Retained::restorableFrom).orElse(null);
        return from == null ? OptionalLong.empty() : OptionalLong.of(from);
    }

    /** Records, before a vacuum deletes anything, that versions below {@code version} are no longer restorable. */
    public void restorableFrom(TableName table, long version, UUID vacuum) {
        retention.restorableFrom(table.toString(), version, vacuum);
    }
}
