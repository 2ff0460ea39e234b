package io.sluice.strategy;

import java.util.List;
import java.util.Map;

/**
 * What a strategy knows beyond the commit's own metrics: the partitions it replaced or dropped, and
 * the rows those held where the commit does not report them (null otherwise).
 */
public record WriteResult(List<Map<String, String>> partitionsReplaced, Long rowsReplaced) {

    public static final WriteResult NO_PARTITIONS = new WriteResult(List.of(), null);
}
