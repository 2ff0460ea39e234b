package io.sluice.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import io.sluice.problem.InvalidRequestException;

/**
 * The files a read opens under a root, found the way Spark finds them, with every file and every folder
 * on the way resolved and kept inside the roots. Spark follows symbolic links wherever they lead, so
 * Sluice lists first and hands Spark the files themselves.
 * <p>
 * Glob segments ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}) match names in one folder. A folder
 * matched or named gives its files and, as Spark's partition discovery does, those of
 * {@code name=value} sub-folders; with {@code recursiveFileLookup} those of every sub-folder. Names
 * Spark skips ({@code _x}, {@code .x}) are skipped below a folder and for files.
 */
public final class FileListing {

    private final Path base;
    private final List<Path> realRoots;
    private final String field;
    private final String rootsName;

    /**
     * @param base      the root the listed paths lie under as written; offending paths are named relative to it
     * @param realRoots where the real paths of what is read may lie
     * @param field     the request field a refusal names
     * @param rootsName how a refusal names the roots, e.g. "the allowed roots"
     */
    public FileListing(Path base, List<Path> realRoots, String field, String rootsName) {
        this.base = base;
        this.realRoots = List.copyOf(realRoots);
        this.field = field;
        this.rootsName = rootsName;
    }

    /** The listing of the staging root, for staged pages. */
    public static FileListing staging(SourceProperties properties, String field) {
        Path root = properties.http().stagingRoot().toAbsolutePath().normalize();
        return new FileListing(root, List.of(real(root)), field, "the staging root");
    }

    /**
     * What Spark reads for {@code path}: the files, sorted; the folder to infer partition columns from
     * (the one folder named or matched, unless recursive); and whether the path matched anything at all.
     */
    public record Selection(List<Path> files, Optional<Path> basePath, boolean found) {

        /** The same listing, reading only {@code chosen} of its files. */
        public Selection only(List<Path> chosen) {
            return new Selection(List.copyOf(chosen), basePath, found);
        }
    }

    /** Lists {@code path} (absolute, normalized, under the base), refusing whatever leaves the roots. */
    public Selection select(Path path, boolean recursive) {
        List<Path> matches = List.of(base);
        for (Path segment : base.relativize(path)) {
            List<Path> next = new ArrayList<>();
            for (Path folder : matches) {
                next.addAll(children(folder, segment.toString()));
            }
            matches = next;
        }
        List<Path> files = new ArrayList<>();
        for (Path match : matches) {
            if (Files.isDirectory(match)) {
                walk(match, recursive, files);
            } else if (!hidden(match.getFileName().toString())) {
                confine(match, false);
                files.add(match);
            }
        }
        boolean oneFolder = matches.size() == 1 && Files.isDirectory(matches.get(0)) && !recursive;
        return new Selection(files.stream().sorted().toList(), oneFolder ? Optional.of(matches.get(0)) : Optional.empty(), !matches.isEmpty());
    }

    /** The entries of {@code folder} a segment names or matches; the folder is confined before it is looked into. */
    private List<Path> children(Path folder, String segment) {
        if (!folder.equals(base)) {
            confine(folder, true);
        }
        if (segment.chars().noneMatch(c -> "*?[{".indexOf(c) >= 0)) {
            Path child = folder.resolve(segment);
            return Files.exists(child) || Files.isSymbolicLink(child) ? List.of(child) : List.of();
        }
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        PathMatcher matcher = matcher(segment);
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> matcher.matches(entry.getFileName())).sorted().toList();
        } catch (IOException e) {
            throw refused(folder, "cannot be listed (%s)".formatted(e.getClass().getSimpleName()));
        }
    }

    private PathMatcher matcher(String segment) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + segment);
        } catch (PatternSyntaxException e) {
            throw InvalidRequestException.of(field, "'%s' is not a glob Sluice can expand (%s)", segment, e.getDescription());
        }
    }

    private void walk(Path folder, boolean recursive, List<Path> files) {
        try {
            Files.walkFileTree(folder, Set.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (dir.equals(folder)) {
                        confine(dir, true);
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    if (hidden(name) || !recursive && name.indexOf('=') <= 0) {
                        return FileVisitResult.SKIP_SUBTREE; // Spark reads neither
                    }
                    confine(dir, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!hidden(file.getFileName().toString())) {
                        confine(file, false);
                        if (attributes.isRegularFile()) {
                            files.add(file);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof FileSystemLoopException) {
                        throw refused(file, "is a link to a folder that contains it");
                    }
                    throw refused(file, "cannot be read (%s)".formatted(e.getClass().getSimpleName()));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses {@code path} unless its real path lies under a root: named relative to the base, never by its target. */
    private void confine(Path path, boolean folder) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw refused(path, "is a link whose target does not exist");
        } catch (IOException e) {
            throw refused(path, "cannot be resolved (%s)".formatted(e.getClass().getSimpleName()));
        }
        if (realRoots.stream().noneMatch(real::startsWith)) {
            throw refused(path, "is a link to a %s outside %s".formatted(folder ? "folder" : "file", rootsName));
        }
    }

    private InvalidRequestException refused(Path path, String why) {
        return InvalidRequestException.of(field, "'%s' %s", base.relativize(path), why);
    }

    /** Spark's own rule for names it does not read (InMemoryFileIndex's shouldFilterOutPathName). */
    static boolean hidden(String name) {
        boolean exclude = name.startsWith("_") && !name.contains("=") || name.startsWith(".") || name.endsWith("._COPYING_");
        boolean include = name.startsWith("_common_metadata") || name.startsWith("_metadata");
        return exclude && !include;
    }

    static Path real(Path root) {
        try {
            Files.createDirectories(root);
            return root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open root " + root, e);
        }
    }
}
