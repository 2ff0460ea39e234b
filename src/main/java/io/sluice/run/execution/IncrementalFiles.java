package io.sluice.run.execution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sluice.loadedfiles.FileLoad;
import io.sluice.loadedfiles.FileSnapshot;
import io.sluice.loadedfiles.LoadedFile;
import io.sluice.loadedfiles.LoadedFiles;
import io.sluice.run.RunPlan;
import io.sluice.source.FileListing;
import io.sluice.source.FilesSource;
import io.sluice.source.ReadContext;

/**
 * An incremental files source reads only what the table has not loaded: the path is listed, each file's size and
 * modification time compared with the table's record, and the run reads the new files (and the changed ones, when
 * asked to reload them). A changed file is never read again silently: the run reports it.
 */
@Component
class IncrementalFiles {

    private static final Logger log = LoggerFactory.getLogger(IncrementalFiles.class);

    /** The listing's verdict: what to read (empty: nothing new) and what the run reports. */
    record Choice(Optional<FileListing.Selection> read, List<FileSnapshot> chosen, FileLoad load) {
    }

    private final LoadedFiles loaded;

    IncrementalFiles(LoadedFiles loaded) {
        this.loaded = loaded;
    }

    /** Chooses the files and records the choice with the run, before its write. */
    Optional<FileListing.Selection> choose(RunPlan plan, FilesSource source, ReadContext read) {
        Choice choice = preview(plan, source, read);
        loaded.choose(plan.id(), plan.table().toString(), choice.chosen(), choice.load());
        if (choice.load().changed() > 0) {
            log.warn("{} file(s) changed since they were loaded into {}: {} ({})", choice.load().changed(), plan.table(),
                    choice.load().changedReloaded() ? "loaded again" : "skipped", choice.load().changedPaths());
        }
        log.info("Incremental files: {} listed, {} to read, {} loaded before", choice.load().listed(), choice.load().chosen(),
                choice.load().alreadyLoaded());
        return choice.read();
    }

    /** A retry found the commit of an earlier attempt: the files that attempt chose are recorded with this run's success. */
    void adopt(UUID attempt, UUID run) {
        loaded.adopt(attempt, run);
    }

    /** The same choice, recording nothing (a dry run). */
    Choice preview(RunPlan plan, FilesSource source, ReadContext read) {
        FileListing.Selection listing = source.list(read);
        List<FileSnapshot> files = listing.files().stream().map(FileSnapshot::of).toList();
        Map<String, LoadedFile> known = loaded.find(plan.table().toString(), files.stream().map(FileSnapshot::path).toList());
        boolean reload = source.onChanged() == FilesSource.OnChanged.RELOAD;
        List<FileSnapshot> chosen = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        int unchanged = 0;
        for (FileSnapshot file : files) {
            LoadedFile before = known.get(file.path());
            if (before == null) {
                chosen.add(file);
            } else if (file.sameAs(before)) {
                unchanged++;
            } else {
                changed.add(file.path());
                if (reload) {
                    chosen.add(file);
                }
            }
        }
        FileLoad load = new FileLoad(files.size(), chosen.size(), unchanged, changed.size(), changed, reload);
        List<Path> paths = chosen.stream().map(file -> Path.of(file.path())).toList();
        return new Choice(chosen.isEmpty() ? Optional.empty() : Optional.of(listing.only(paths)), chosen, load);
    }
}
