package io.sluice.run;

import java.util.List;
import java.util.UUID;

import io.sluice.table.TableFormat;
import io.sluice.table.TableState;

/**
 * The format and partitioning of a run's table as the run will find it: the table's own; while the table
 * does not exist yet, those the earlier run queued to create it will give it ({@code createdBy} names that
 * run); else the run's own, as it creates the table. What a run is checked against on submit, and what its
 * document shows.
 */
public record TableShape(TableFormat format, List<String> partitionBy, UUID createdBy) {

    public TableShape {
        partitionBy = List.copyOf(partitionBy);
    }

    public static TableShape of(TableState table) {
        return new TableShape(table.format(), table.partitionBy(), null);
    }

    /** The table as {@code creator}, queued before, will create it. */
    public static TableShape createdBy(RunPlan creator) {
        return new TableShape(creator.shape().format(), creator.shape().partitionBy(), creator.id());
    }
}
