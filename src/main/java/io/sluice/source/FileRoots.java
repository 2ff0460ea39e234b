package io.sluice.source;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sluice.problem.InvalidRequestException;

/**
 * Confines {@code files} sources to the configured roots. A path must be absolute, plain (no URI
 * scheme, no {@code ..}) and lie under a root as written; every file it reaches, and every folder on
 * the way, must lie under a root once symbolic links are resolved.
 */
@Component
public class FileRoots {

    private static final Logger log = LoggerFactory.getLogger(FileRoots.class);
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final Pattern SEGMENT_SEPARATORS = Pattern.compile("[/{},]");
    // Hadoop expands such groups before it globs; Sluice globs one folder level at a time
    private static final Pattern BRACES_OVER_FOLDERS = Pattern.compile("\\{[^}]*/");

    private final List<Path> roots;

    FileRoots(SourceProperties properties) {
        this.roots = properties.files().allowedRoots().stream().map(FileRoots::realRoot).toList();
        log.info("files sources may read under {}", roots);
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * Checks {@code path} and lists what a read of it opens (see {@link FileListing}): validation and
     * the run both come here, so a tree changed after the submission is checked again before Spark reads.
     */
    public FileListing.Selection select(String field, String path, boolean recursive) {
        Path written = check(field, path);
        Path root = roots.stream().filter(written::startsWith).findFirst().orElseThrow();
        return new FileListing(root, roots, field, "the allowed roots").select(written, recursive);
    }

    /** The path as written, normalized, once it is plain and lies under a root (links are the listing's to check). */
    Path check(String field, String path) {
        InvalidRequestException.check(path != null && !path.isBlank(), field, "a path is required");
        InvalidRequestException.check(!URI_SCHEME.matcher(path).matches(), field,
                "URIs are not accepted ('%s'); give an absolute path under %s", path, roots);
        InvalidRequestException.check(path.startsWith("/"), field, "'%s' is not an absolute path", path);
        InvalidRequestException.check(SEGMENT_SEPARATORS.splitAsStream(path).noneMatch(".."::equals), field,
                "'..' is not allowed in a path ('%s')", path);
        InvalidRequestException.check(path.indexOf('\\') < 0 && path.indexOf('\0') < 0, field,
                "'%s' contains a character that is not allowed in a path", path);
        InvalidRequestException.check(!BRACES_OVER_FOLDERS.matcher(path).find(), field,
                "a {a,b} group may not contain '/' ('%s'); write one glob per folder level", path);
        Path written = Path.of(path).normalize();
        InvalidRequestException.check(roots.stream().anyMatch(written::startsWith), field, "'%s' is outside the allowed roots %s"
                + " (configure sluice.sources.files.allowed-roots)", path, roots);
        return written;
    }

    private static Path realRoot(Path root) {
        return FileListing.real(root.toAbsolutePath().normalize());
    }
}
