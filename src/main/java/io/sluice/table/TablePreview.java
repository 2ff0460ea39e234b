package io.sluice.table;

import java.util.List;
import java.util.Map;

/** The first rows of a table, as JSON values keyed by column name (nulls included). */
public record TablePreview(String table, List<String> columns, List<Map<String, Object>> rows) {
}
