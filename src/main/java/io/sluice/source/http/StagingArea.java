package io.sluice.source.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One batch of one endpoint on disk, {@code <staging root>/<source>/<endpoint>/<batch>/}: a JSON-lines
 * file per page, written whole or not at all (temp file, then rename); {@code _manifest.jsonl}, one
 * line per completed request, appended and forced to disk before the request counts as done; and
 * {@code _metadata.json}, the pull's summary. Only pages of requests in the manifest are ever loaded,
 * so a request that died halfway is fetched again from its first page.
 */
public final class StagingArea {

    static final String MANIFEST = "_manifest.jsonl";
    static final String METADATA = "_metadata.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;

    private StagingArea(Path dir) {
        this.dir = dir;
    }

    /** The batch's folder (created on first write). */
    public static StagingArea of(Path root, String source, String endpoint, String batch) {
        return new StagingArea(root.resolve(source).resolve(endpoint).resolve(batch).toAbsolutePath().normalize());
    }

    /** Every batch of an endpoint that has a manifest. */
    public static List<StagingArea> batches(Path root, String source, String endpoint) {
        Path folder = root.resolve(source).resolve(endpoint).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(MANIFEST))).sorted().map(StagingArea::new).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A completed request: what it staged, and enough to check the files against (sha256 over its pages in order). */
    public record Entry(String request, Map<String, String> parameters, String status, int pages, long rows, long bytes, String sha256,
            List<String> files, String completedAt, String runId) {

        public static final String STAGED = "staged";
        public static final String NO_DATA = "no_data";
    }

    /** A page written: its file name, records and bytes. */
    record Page(String file, int rows, long bytes) {
    }

    /** The completed requests by request id; a line torn by a crash (the last one) is ignored. */
    public Map<String, Entry> completed() {
        Path manifest = dir.resolve(MANIFEST);
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (!Files.exists(manifest)) {
            return entries;
        }
        try (Stream<String> lines = Files.lines(manifest, StandardCharsets.UTF_8)) {
            lines.filter(line -> !line.isBlank()).forEach(line -> {
                try {
                    Entry entry = JSON.readValue(line, Entry.class);
                    entries.put(entry.request(), entry);
                } catch (JacksonException torn) {
                    // only the last line can be torn (appends are forced one by one): that request is not done
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** The page files (names in {@link #dir()}) of every completed request, in manifest order: what a load reads. */
    public List<String> pages() {
        return completed().values().stream().flatMap(entry -> entry.files().stream()).toList();
    }

    /** Writes a page's records as JSON lines, whole or not at all; {@code digest} takes its bytes. */
    Page write(String request, int page, JsonNode records, MessageDigest digest) {
        String name = "%s__page-%05d.jsonl".formatted(request, page);
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + name + ".tmp");
            long bytes = 0;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)), digest);
                for (JsonNode record : records) {
                    byte[] line = JSON.writeValueAsBytes(record);
                    out.write(line);
                    out.write('\n');
                    bytes += line.length + 1;
                }
                out.flush();
                channel.force(false); // on disk before its name appears, so the manifest never points at a torn page
            }
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Page(name, records.size(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + name + " in " + dir, e);
        }
    }

    /** Appends a completed request to the manifest and forces it to disk: from here on a rerun skips it. */
    synchronized void record(Entry entry) {
        try {
            Files.createDirectories(dir);
            try (FileChannel manifest = FileChannel.open(dir.resolve(MANIFEST), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                manifest.write(ByteBuffer.wrap((JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8)));
                manifest.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + entry.request() + " in " + dir.resolve(MANIFEST), e);
        }
    }

    /** Replaces the batch's summary. */
    void summarise(Map<String, Object> metadata) {
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + METADATA + ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
            Files.move(temp, dir.resolve(METADATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Retention {@code delete}: the batch's folder and everything in it. */
    public void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete staged batch " + dir, e);
        }
    }

    /**
     * A request's id and the stem of its page files: its parameters sorted by name, {@code name=value}
     * joined by {@code __}, made safe for a file name; long ones end in a hash so they stay unique.
     */
    public static String requestId(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "all";
        }
        String raw = new TreeMap<>(parameters).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("__"));
        String id = raw.replaceAll("[^A-Za-z0-9._=-]", "_");
        if (id.startsWith(".") || id.startsWith("_")) {
            id = "r" + id; // Spark skips files whose names start with . or _
        }
        if (id.length() > 120 || !id.equals(raw)) { // shortened or changed: a hash keeps different sets apart
            id = id.substring(0, Math.min(id.length(), 100)) + "~" + DigestUtils.sha256Hex(raw).substring(0, 16);
        }
        return id;
    }

    /** A fresh SHA-256 for a request's pages (commons-codec: the one hashing helper of the project). */
    static MessageDigest sha256() {
        return DigestUtils.getSha256Digest();
    }

    static String hex(MessageDigest digest) {
        return Hex.encodeHexString(digest.digest());
    }
}
