package io.sluice.strategy;

import java.util.List;

/**
 * How rows are matched and which columns change: the strategy options of a request, checked.
 * {@code keys} identify a row (merge; any strategy's duplicate check); {@code orderBy} says which
 * duplicate is the latest; {@code schemaPolicy} says how the source's columns may differ from the table's.
 */
public record WriteOptions(List<String> keys, List<String> updateColumns, List<String> excludeColumns,
        boolean deleteNotMatchedBySource, boolean nullSafeKeys, DuplicatePolicy duplicates, List<String> orderBy,
        SchemaPolicy schemaPolicy) {

    public static final WriteOptions NONE = new WriteOptions(List.of(), List.of(), List.of(), false, false, DuplicatePolicy.FAIL,
            List.of(), SchemaPolicy.FAIL);

    public WriteOptions {
        keys = List.copyOf(keys);
        updateColumns = List.copyOf(updateColumns);
        excludeColumns = List.copyOf(excludeColumns);
        orderBy = List.copyOf(orderBy);
    }
}
