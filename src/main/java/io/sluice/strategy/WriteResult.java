package io.sluice.strategy;

import java.util.List;
import java.util.Map;

/** What a strategy knows beyond the commit's own metrics: the partitions it replaced or dropped. */
public record WriteResult(List<Map<String, String>> partitionsReplaced) {

    public static final WriteResult NO_PARTITIONS = new WriteResult(List.of());
}
