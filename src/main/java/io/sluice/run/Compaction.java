package io.sluice.run;

import io.sluice.web.EnumNames;

/**
 * A compaction: every partition (the table, without partitions) holding at least {@code minFiles} files smaller than
 * {@code targetFileSize} bytes is rewritten into files of about that size, in one commit of the table's format. The
 * rows stay as they were.
 */
public record Compaction(int minFiles, long targetFileSize) implements TableOperation {

    @Override
    public RunKind kind() {
        return RunKind.COMPACT;
    }

    @Override
    public String describe() {
        return "%s of the partitions with at least %d files under %d bytes".formatted(EnumNames.of(kind()), minFiles, targetFileSize);
    }
}
