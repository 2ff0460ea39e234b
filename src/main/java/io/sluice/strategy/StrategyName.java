package io.sluice.strategy;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The write strategies a request may name, as they appear in JSON. What a run records is its {@code RunKind}. */
public enum StrategyName {
    APPEND, DROP_PARTITION, DYNAMIC_OVERWRITE, MERGE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
