package io.sluice.support;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A headerless {@code id,name} CSV large enough that writing it takes the engine seconds (for kill and cancel tests). */
public final class BigCsv {

    private BigCsv() {
    }

    public static Path write(Path file, int rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < rows; i++) {
                out.append(Integer.toString(i)).append(",row-").append(Integer.toString(i)).append('\n');
            }
        }
        return file;
    }
}
