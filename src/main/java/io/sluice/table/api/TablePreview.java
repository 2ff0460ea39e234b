package io.sluice.table.api;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The first rows of a table, as JSON values keyed by column name (nulls included): decimals exact,
 * timestamps to the microsecond with their offset, dates as {@code yyyy-MM-dd}.
 */
public record TablePreview(String table, List<String> columns,
        @JsonSerialize(contentUsing = PlainDecimals.class) List<Map<String, Object>> rows) {
}
