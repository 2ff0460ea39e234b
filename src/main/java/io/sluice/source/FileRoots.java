package io.sluice.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sluice.api.InvalidRequestException;

/**
 * Confines {@code files} sources to the configured roots. A path must be absolute, plain (no URI
 * scheme, no {@code ..}), and lie under a root both as written and once symbolic links are resolved.
 */
@Component
public class FileRoots {

    private static final Logger log = LoggerFactory.getLogger(FileRoots.class);
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final Pattern SEGMENT_SEPARATORS = Pattern.compile("[/{},]");

    private final List<Path> roots;

    FileRoots(SourceProperties properties) {
        this.roots = properties.files().allowedRoots().stream().map(FileRoots::realRoot).toList();
        log.info("files sources may read under {}", roots);
    }

    public List<Path> roots() {
        return roots;
    }

    /** Checks {@code path} and answers the {@code file:} URI Spark should read. */
    public String check(String field, String path) {
        InvalidRequestException.check(path != null && !path.isBlank(), field, "a path is required");
        InvalidRequestException.check(!URI_SCHEME.matcher(path).matches(), field,
                "URIs are not accepted ('%s'); give an absolute path under %s", path, roots);
        InvalidRequestException.check(path.startsWith("/"), field, "'%s' is not an absolute path", path);
        InvalidRequestException.check(SEGMENT_SEPARATORS.splitAsStream(path).noneMatch(".."::equals), field,
                "'..' is not allowed in a path ('%s')", path);
        InvalidRequestException.check(path.indexOf('\\') < 0 && path.indexOf('\0') < 0, field,
                "'%s' contains a character that is not allowed in a path", path);
        Path written = Path.of(path).normalize();
        Path real = realPrefix(written);
        boolean allowed = roots.stream().anyMatch(root -> written.startsWith(root) && real.startsWith(root));
        InvalidRequestException.check(allowed, field, "'%s' is outside the allowed roots %s"
                + " (configure sluice.sources.files.allowed-roots)", path, roots);
        return "file:" + written; // a Hadoop path string keeps glob characters as globs
    }

    /** The real path of the longest existing prefix before any glob character. */
    private static Path realPrefix(Path path) {
        Path prefix = Path.of("/");
        for (Path segment : path) {
            if (segment.toString().matches(".*[*?\\[{].*")) {
                break;
            }
            prefix = prefix.resolve(segment);
        }
        Path existing = prefix;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? prefix : existing.toRealPath().resolve(existing.relativize(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path realRoot(Path root) {
        try {
            Path absolute = root.toAbsolutePath().normalize();
            Files.createDirectories(absolute);
            return absolute.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open allowed root " + root, e);
        }
    }
}
