package io.sluice.write;

import java.util.List;

import io.sluice.write.MergeActions.WhenMatched;
import io.sluice.write.MergeActions.WhenNotMatched;

/**
 * How rows are matched and which columns change: the strategy options of a request, checked.
 * {@code keys} identify a row (merge; any strategy's duplicate check); {@code orderBy} says which
 * duplicate is the latest; {@code schemaPolicy} says how the source's columns may differ from the table's; {@code whenMatched} and
 * {@code whenNotMatched} say what a merge does with each source row; {@code changes} are apply_changes' options (null for
 * every other strategy).
 */
public record WriteOptions(List<String> keys, List<String> updateColumns, List<String> excludeColumns, WhenMatched whenMatched,
        WhenNotMatched whenNotMatched, boolean deleteNotMatchedBySource, boolean nullSafeKeys, DuplicatePolicy duplicates,
        List<String> orderBy, SchemaPolicy schemaPolicy, ChangeOptions changes) {

    public static final WriteOptions NONE = new WriteOptions(List.of(), List.of(), List.of(), WhenMatched.UPDATE, WhenNotMatched.INSERT,
            false, false, DuplicatePolicy.FAIL, List.of(), SchemaPolicy.FAIL);

    /** Options without change-data-capture ones. */
    public WriteOptions(List<String> keys, List<String> updateColumns, List<String> excludeColumns, WhenMatched whenMatched,
            WhenNotMatched whenNotMatched, boolean deleteNotMatchedBySource, boolean nullSafeKeys, DuplicatePolicy duplicates,
            List<String> orderBy, SchemaPolicy schemaPolicy) {
        this(keys, updateColumns, excludeColumns, whenMatched, whenNotMatched, deleteNotMatchedBySource, nullSafeKeys, duplicates, orderBy,
                schemaPolicy, null);
    }

    public WriteOptions {
        keys = List.copyOf(keys);
        updateColumns = List.copyOf(updateColumns);
        excludeColumns = List.copyOf(excludeColumns);
        orderBy = List.copyOf(orderBy);
    }

    /** The same options under another schema policy. */
    public WriteOptions withSchemaPolicy(SchemaPolicy policy) {
        return new WriteOptions(keys, updateColumns, excludeColumns, whenMatched, whenNotMatched, deleteNotMatchedBySource, nullSafeKeys,
                duplicates, orderBy, policy, changes);
    }
}
