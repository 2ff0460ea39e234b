package io.sluice.run;

import java.util.UUID;

import io.sluice.web.EnumNames;

/**
 * A compaction: every partition (the table, without partitions) holding at least {@code minFiles} files smaller than
 * {@code targetFileSize} bytes is rewritten into files of about that size, in one commit of the table's format. The
 * rows stay as they were. {@code after}: the write run an automatic compaction follows; null for one asked for by hand.
 */
public record Compaction(int minFiles, long targetFileSize, UUID after) implements TableOperation {

    public Compaction(int minFiles, long targetFileSize) {
        this(minFiles, targetFileSize, null);
    }

    @Override
    public RunKind kind() {
        return RunKind.COMPACT;
    }

    @Override
    public String describe() {
        return "%s of the partitions with at least %d files under %d bytes%s".formatted(EnumNames.of(kind()), minFiles, targetFileSize,
                after == null ? "" : ", automatic after run " + after);
    }
}
