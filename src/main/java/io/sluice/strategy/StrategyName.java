package io.sluice.strategy;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The write strategies a request may name, as they appear in JSON. RESTORE is what a run records
 * that restores or rolls back a table (POST /api/v1/tables/{name}/restore, /api/v1/runs/{id}/rollback):
 * it is not a strategy a run request can name.
 */
public enum StrategyName {
    APPEND, DROP_PARTITION, DYNAMIC_OVERWRITE, MERGE, RESTORE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
