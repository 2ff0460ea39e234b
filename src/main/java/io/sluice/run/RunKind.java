package io.sluice.run;

import io.sluice.strategy.StrategyName;

/**
 * What a run does to its table, as its document ({@code strategy}) and the ledger record it: one of the
 * write strategies a request names, or a restore (POST /api/v1/tables/{name}/restore and
 * /api/v1/runs/{id}/rollback), which no request can name. Table maintenance would be more kinds.
 */
public enum RunKind {
    APPEND, DROP_PARTITION, DYNAMIC_OVERWRITE, MERGE, RESTORE;

    /** The kind of a run that writes with {@code strategy}: the same name. */
    static RunKind of(StrategyName strategy) {
        return valueOf(strategy.name());
    }
}
