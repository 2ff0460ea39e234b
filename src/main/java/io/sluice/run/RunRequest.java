package io.sluice.run;

import java.util.List;

import io.sluice.source.SourceSpec;
import io.sluice.strategy.StrategyName;
import io.sluice.table.TableFormat;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** What a user asks for: write this source into this table with this strategy. */
@Schema(description = "A run to execute")
public record RunRequest(
        @Schema(description = "Target catalog table as database.table; created on the first run", example = "demo.events")
        @NotBlank(message = "a table name 'database.table' is required") String table,
        @Schema(description = "Write strategy", example = "append")
        @NotNull(message = "a strategy is required") StrategyName strategy,
        @Schema(description = "Table format for a new table; must match an existing table's. Default delta", example = "delta")
        TableFormat format,
        @Schema(description = "Partition columns for a new table; if given for an existing table they must match its partitioning",
                example = "[\"event_date\"]")
        List<String> partitionBy,
        @NotNull(message = "a source is required") SourceSpec source) {

    public RunRequest {
        partitionBy = partitionBy == null ? List.of() : List.copyOf(partitionBy);
    }
}
