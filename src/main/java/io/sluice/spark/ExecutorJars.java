package io.sluice.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a cluster's executors need beyond Spark's own: Sluice's classes (its task code), Delta
 * and the JDBC drivers. They are found where the running service loaded them from (a plain jar, a
 * classes folder, or a jar nested in Sluice's own executable jar), written as plain jar files under
 * one folder, and handed to Spark as {@code spark.jars}: the driver serves them to every executor, so
 * a stock Spark cluster of the same version needs nothing installed.
 */
final class ExecutorJars {

    /** One class from each library the executors run: Sluice, Delta (Spark and storage), the JDBC drivers. */
    private static final List<String> ANCHORS = List.of("io.sluice.SluiceApplication", "io.delta.tables.DeltaTable",
            "io.delta.storage.LogStore", "org.postgresql.Driver");
    private static final String NESTED = "jar:nested:";

    private ExecutorJars() {
    }

    /** Writes the jars into {@code folder} (replacing what an earlier start left) and answers their paths. */
    static List<Path> prepare(Path folder) {
        try {
            Files.createDirectories(folder);
            Set<Path> jars = new LinkedHashSet<>();
            for (String anchor : ANCHORS) {
                URL location = locate(anchor);
                if (location != null) {
                    jars.add(materialize(location, folder));
                }
            }
            return new ArrayList<>(jars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the executors' jars in " + folder, e);
        }
    }

    private static URL locate(String className) {
        try {
            Class<?> type = Class.forName(className, false, ExecutorJars.class.getClassLoader());
            return type.getProtectionDomain().getCodeSource().getLocation();
        } catch (ClassNotFoundException absent) {
            return null; // an optional driver that is not packaged
        }
    }

    private static Path materialize(URL location, Path folder) throws IOException {
        String url = location.toString();
        if (url.startsWith(NESTED)) {
            // jar:nested:/path/sluice.jar/!BOOT-INF/lib/delta-spark_2.13-4.1.0.jar!/ or …/!BOOT-INF/classes/!/
            String rest = url.substring(NESTED.length());
            int separator = rest.indexOf("/!");
            Path outer = Path.of(rest.substring(0, separator));
            String entry = rest.substring(separator + 2).replaceFirst("!/$", "").replaceFirst("/$", "");
            try (JarFile jar = new JarFile(outer.toFile())) {
                if (entry.endsWith(".jar")) {
                    Path target = folder.resolve(entry.substring(entry.lastIndexOf('/') + 1));
                    try (InputStream in = jar.getInputStream(jar.getJarEntry(entry))) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return target;
                }
                return repack(jar, entry + "/", folder.resolve("sluice-classes.jar"));
            }
        }
        Path path = path(location);
        return Files.isDirectory(path) ? jarFolder(path, folder.resolve("sluice-classes.jar")) : path;
    }

    /** The entries under {@code prefix} of a jar, as the root of a jar of their own. */
    private static Path repack(JarFile jar, String prefix, Path target) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith(prefix) && !entry.isDirectory() && entry.getName().length() > prefix.length()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        copy(out, entry.getName().substring(prefix.length()), in);
                    }
                }
            }
        }
        return target;
    }

    /** A classes folder (tests, {@code spring-boot:run}) as a jar. */
    private static Path jarFolder(Path classes, Path target) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    copy(out, classes.relativize(file).toString().replace('\\', '/'), in);
                }
            }
        }
        return target;
    }

    private static void copy(JarOutputStream out, String name, InputStream in) throws IOException {
        out.putNextEntry(new JarEntry(name));
        in.transferTo(out);
        out.closeEntry();
    }

    private static Path path(URL location) {
        try {
            return Path.of(location.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unexpected code source " + location, e);
        }
    }
}
