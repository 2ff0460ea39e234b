package io.sluice.run.history;

import java.util.List;

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

/**
 * A table's changes, newest first, as its format keeps them: Delta's own log (read on the driver), or for Parquet the
 * ledger's runs that changed it and were not undone (their position is the version: 0 is the create) with the stage
 * each made part of the table.
 */
@Service
public class TableHistory implements TableChanges {

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final Formats formats;
    private final RunLedger ledger;

    TableHistory(SparkSession spark, TableCatalog catalog, Formats formats, RunLedger ledger) {
        this.spark = spark;
        this.catalog = catalog;
        this.formats = formats;
        this.ledger = ledger;
    }

    public List<HistoryEntry> of(TableName name, int limit) {
        SparkSession session = spark.newSession();
        TableState table = catalog.state(session, name).orElseThrow(() -> new NotFoundException("table", "no table " + name));
        return formats.of(table).history(session, table, () -> TableRestore.changes(ledger, table), limit).stream()
                .map(version -> new HistoryEntry(version.version(), version.timestamp(), version.operation(), version.runId(),
                        version.metrics(), version.location()))
                .toList();
    }

    @Override
    public List<TableChange> of(TableState table) {
        return TableRestore.changes(ledger, table);
    }
}
