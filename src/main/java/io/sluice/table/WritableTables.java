package io.sluice.table;

import java.util.List;

import org.springframework.stereotype.Component;

import io.sluice.problem.InvalidRequestException;

/**
 * The databases Sluice may change ({@code sluice.tables.writable-databases}; empty: any). Checked for
 * every write: runs, restores, rollbacks and watermark changes. Reading is not restricted.
 */
@Component
public class WritableTables {

    private final TablesProperties properties;

    public WritableTables(TablesProperties properties) {
        this.properties = properties;
    }

    public void check(String field, TableName table) {
        List<String> allowed = properties.writableDatabases();
        InvalidRequestException.check(allowed.isEmpty() || allowed.contains(table.database()), field,
                "database '%s' is not one Sluice may write (sluice.tables.writable-databases: %s)", table.database(), allowed);
    }
}
