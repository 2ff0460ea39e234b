package io.sluice.loadedfiles;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** What an incremental files source would read, from a dry run: the listing's verdict and the files by name. */
@Schema(description = "An incremental files source's plan: what the path lists, and the files the run would read")
public record FilePlan(
        FileLoad load,
        @Schema(description = "The first 100 files the run would read, by path") List<String> toLoad) {

    public FilePlan {
        toLoad = List.copyOf(toLoad.size() > FileLoad.NAMED ? toLoad.subList(0, FileLoad.NAMED) : toLoad);
    }

    public static FilePlan of(FileLoad load, List<FileSnapshot> chosen) {
        return new FilePlan(load, chosen.stream().map(FileSnapshot::path).toList());
    }
}
