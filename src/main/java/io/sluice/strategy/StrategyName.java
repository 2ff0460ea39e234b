package io.sluice.strategy;

/** The write strategies a request may name, as they appear in JSON. What a run records is its {@code RunKind}. */
public enum StrategyName {
    APPEND, DROP_PARTITION, DYNAMIC_OVERWRITE, MERGE, APPLY_CHANGES
}
