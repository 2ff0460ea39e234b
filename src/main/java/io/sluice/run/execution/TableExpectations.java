package io.sluice.run.execution;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.sluice.problem.ConflictException;
import io.sluice.web.EnumNames;
import io.sluice.problem.InvalidRequestException;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.run.TableShape;
import io.sluice.run.RunPlan;

/**
 * What a request expects of an existing table, or of the one an earlier queued run will create: its format
 * when the request names one (else 409), and its partitioning when the request states one. Checked on
 * submit (a 422) and again when the run starts (a run queued before it may have created the table meanwhile,
 * or failed to).
 */
public final class TableExpectations {

    private TableExpectations() {
    }

    public static void check(TableFormat requestedFormat, List<String> partitionBy, Optional<TableState> existing) {
        existing.ifPresent(table -> check(requestedFormat, partitionBy, table.name(), TableShape.of(table)));
    }

    public static void check(TableFormat requestedFormat, List<String> partitionBy, TableName name, TableShape table) {
        String described = table.createdBy() == null ? "table " + name
                : "table %s (created by run %s, queued before this one)".formatted(name, table.createdBy());
        if (requestedFormat != null && requestedFormat != table.format()) {
            throw new ConflictException("%s is %s, not %s; a table keeps the format it was created with"
                    .formatted(described, EnumNames.of(table.format()), EnumNames.of(requestedFormat)));
        }
        List<String> requested = partitionBy.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        List<String> actual = table.partitionBy().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        InvalidRequestException.check(requested.isEmpty() || requested.equals(actual), "partitionBy",
                "%s is partitioned by %s, not %s; omit partitionBy or give the table's", described, actual, requested);
    }

    /**
     * At run start: a run checked against the table an earlier run was to create finds no table if that run
     * failed or was cancelled. It fails rather than create a table of its own on a check that no longer holds.
     */
    static void checkCreated(RunPlan plan, Optional<TableState> before) {
        if (before.isEmpty() && plan.shape() != null && plan.shape().createdBy() != null) {
            throw new ConflictException(("run %s, queued before this one, was to create table %s and did not; this run was checked "
                    + "against that table and writes nothing: submit it again").formatted(plan.shape().createdBy(), plan.table()));
        }
    }
}
