package io.sluice.run;

import io.sluice.strategy.StrategyName;

/**
 * What a run does to its table, as its document ({@code strategy}) and the ledger record it: one of the
 * write strategies a request names, a restore (POST /api/v1/tables/{name}/restore and
 * /api/v1/runs/{id}/rollback), or table maintenance (POST /api/v1/tables/{name}/maintenance), which no
 * run request can name.
 */
public enum RunKind {
    APPEND, DROP_PARTITION, DYNAMIC_OVERWRITE, MERGE, APPLY_CHANGES, RESTORE, COMPACT, VACUUM;

    /** A maintenance run rewrites a table's files and changes no row. */
    public boolean isMaintenance() {
        return this == COMPACT || this == VACUUM;
    }

    /** The kind of a run that writes with {@code strategy}: the same name. */
    static RunKind of(StrategyName strategy) {
        return valueOf(strategy.name());
    }
}
