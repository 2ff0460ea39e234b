package io.sluice.loadedfiles;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** What an incremental files source found when the run listed its path. */
@Schema(description = "An incremental files source's choice: what was listed, what the run read, what it left")
public record FileLoad(
        @Schema(description = "Files the path matched") int listed,
        @Schema(description = "Files the run read: new ones, and changed ones when onChanged is reload") int chosen,
        @Schema(description = "Files loaded before and unchanged since: not read again") int alreadyLoaded,
        @Schema(description = "Files loaded before whose size or modification time changed since") int changed,
        @Schema(description = "The first 100 of those, by path") List<String> changedPaths,
        @Schema(description = "Whether the changed files were read again (onChanged reload) or left out (skip)") boolean changedReloaded) {

    static final int NAMED = 100;

    public FileLoad {
        changedPaths = List.copyOf(changedPaths.size() > NAMED ? changedPaths.subList(0, NAMED) : changedPaths);
    }
}
