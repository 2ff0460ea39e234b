package io.sluice.run;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.sluice.api.ConflictException;
import io.sluice.api.InvalidRequestException;
import io.sluice.table.TableFormat;
import io.sluice.table.TableState;

/**
 * What a request expects of an existing table: its format when the request names one (else 409), and its
 * partitioning when the request states one. Checked on submit (a 422) and again when the run starts
 * (a run queued before it may have created the table meanwhile).
 */
final class TableExpectations {

    private TableExpectations() {
    }

    static void check(TableFormat requestedFormat, List<String> partitionBy, Optional<TableState> existing) {
        if (existing.isEmpty()) {
            return;
        }
        TableState table = existing.get();
        if (requestedFormat != null && requestedFormat != table.format()) {
            throw new ConflictException("table %s exists as %s, not %s; a table keeps the format it was created with"
                    .formatted(table.name(), table.format().wireName(), requestedFormat.wireName()));
        }
        List<String> requested = partitionBy.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        List<String> actual = table.partitionBy().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        InvalidRequestException.check(requested.isEmpty() || requested.equals(actual), "partitionBy",
                "table %s is partitioned by %s, not %s; omit partitionBy or give the table's", table.name(), actual, requested);
    }
}
