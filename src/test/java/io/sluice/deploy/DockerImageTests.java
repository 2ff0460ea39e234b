package io.sluice.deploy;

import static io.sluice.deploy.DeployFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile as a platform team reads it; no Docker daemon runs where Sluice is built, so each point is read from the
 * file, and its two scripts are run.
 */
class DockerImageTests {

    static final Pattern TAGGED = Pattern.compile("[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9._-]+(@sha256:[0-9a-f]{64})?");
    static final Pattern PINNED = Pattern.compile("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}");

    @TempDir
    Path temp;

    @Test
    void theBuildContextShouldLeaveOutWhatBuildsRunsGitAndIdesLeave() {
        List<String> ignored = text(".dockerignore").lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(ignored).contains("target/", "data/", ".git", ".idea/", "*.iml", ".vscode/", ".env");
        for (String needed : List.of("mvnw", "pom.xml", ".mvn", "src", "scripts/train-cds")) {
            assertThat(ignored).as("the image builds from %s", needed).noneMatch(line -> needed.startsWith(line.replace("/", "")));
        }
    }

    @Test
    void theRuntimeStageShouldCopyOneLayerAtATimeTheDependenciesFirst() {
        String dockerfile = text("Dockerfile");
        assertThat(dockerfile).contains("java -Djarmode=tools -jar target/sluice.jar extract --layers --destination /src/extracted");
        assertThat(dockerfile.lines().filter(line -> line.startsWith("COPY --from=build"))).containsExactly(
                "COPY --from=build /src/extracted/dependencies/ /opt/sluice/",
                "COPY --from=build /src/extracted/spring-boot-loader/ /opt/sluice/",
                "COPY --from=build /src/extracted/snapshot-dependencies/ /opt/sluice/",
                "COPY --from=build /src/extracted/application/ /opt/sluice/");
    }

    @Test
    void theJvmShouldTakeItsMemoryFromTheContainerAndStopOnOutOfMemory() {
        String dockerfile = text("Dockerfile");
        assertThat(dockerfile).contains("JAVA_OPTS=\"-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError\"").doesNotContain("-Xmx");
        assertThat(text("docker-compose.yml")).as("Sluice's service keeps the image's").doesNotContainPattern("(?m)^ +JAVA_OPTS:");
    }

    @Test
    void tiniShouldBePid1AndTheJarsManifestTheOnlySourceOfTheAddOpens() {
        String dockerfile = text("Dockerfile");
        assertThat(dockerfile).containsPattern("apt-get install -y --no-install-recommends [^\\n]*\\btini\\b");
        assertThat(dockerfile.lines().filter(line -> line.startsWith("ENTRYPOINT"))).singleElement().asString()
                .startsWith("ENTRYPOINT [\"tini\", \"--\", \"sh\", \"-c\", \"exec java ");
        // the JVM prints "Picked up JDK_JAVA_OPTIONS" (or JAVA_TOOL_OPTIONS) at every start when either is set
        for (String file : List.of("Dockerfile", "docker-compose.yml", "deploy/kubernetes/deployment.yaml")) {
            assertThat(text(file)).as(file).doesNotContain("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "--add-opens");
        }
        assertThat(text("pom.xml")).contains("<Add-Opens>${spark.add.opens}</Add-Opens>");
    }

    @Test
    void theImageShouldRunAsAFixedUidAndGid() {
        String dockerfile = text("Dockerfile");
        assertThat(dockerfile).contains("groupadd --system --gid 185 sluice", "useradd --system --uid 185 --gid 185 ",
                "chown -R 185:185 /var/lib/sluice");
        assertThat(dockerfile.lines().filter(line -> line.startsWith("USER "))).containsExactly("USER 185:185");
    }

    /** Every FROM names a digest, or a build argument whose default is a tag that scripts/pin-base-images pins. */
    @Test
    void everyBaseImageShouldBePinnedOrPinnableByDigest() throws Exception {
        assertBaseImagesPinnable(text("Dockerfile"));
        assertThat(run(List.of("scripts/pin-base-images", "--list"), Map.of()).lines()).containsExactlyInAnyOrder(
                "Dockerfile eclipse-temurin:17-jdk-noble", "Dockerfile eclipse-temurin:17-jre-noble",
                "docker-compose.yml spark:4.1.1-scala2.13-java17-ubuntu", "docker-compose.yml postgres:16",
                "docker-compose.yml postgres:16", "docker-compose.yml postgres:16");
    }

    /** The script with a stand-in for crane, on copies of the files: every reference gets the digest, tag kept. */
    @Test
    void pinBaseImagesShouldAddTheDigestToEveryTag() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project/scripts"));
        Files.copy(Path.of("scripts/pin-base-images"), project.resolve("pin-base-images"));
        Files.copy(Path.of("Dockerfile"), project.resolve("../Dockerfile"));
        Files.copy(Path.of("docker-compose.yml"), project.resolve("../docker-compose.yml"));
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        Path bin = fakeCommand("crane", "echo " + digest);

        run(List.of(project.resolve("pin-base-images").toString()), Map.of("PATH", bin + ":" + System.getenv("PATH")));

        String dockerfile = Files.readString(temp.resolve("project/Dockerfile"));
        assertBaseImagesPinnable(dockerfile);
        assertThat(dockerfile).contains("ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble@" + digest,
                "ARG JRE_IMAGE=eclipse-temurin:17-jre-noble@" + digest);
        assertThat(Files.readString(temp.resolve("project/docker-compose.yml")).lines().filter(line -> line.trim().startsWith("image:")))
                .allMatch(line -> line.endsWith("@" + digest) || line.endsWith("image: sluice:local"));
    }

    @Test
    void aFailedCdsTrainingShouldFailTheBuild() throws Exception {
        assertThat(text("Dockerfile")).contains("COPY scripts/train-cds /usr/local/bin/train-cds\nRUN train-cds /opt/sluice\n");

        Training failed = train("echo 'warm-up failed: the metastore'; exit 1");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.output()).contains("warm-up failed: the metastore", "CDS training failed: the training start exited 1");

        Training noArchive = train("exit 0");
        assertThat(noArchive.exit()).isEqualTo(1);
        assertThat(noArchive.output()).contains("CDS training failed: the training start wrote no archive");

        Training trained = train("printf archive > \"$archive\"");
        assertThat(trained.exit()).as(trained.output()).isZero();
        assertThat(temp.resolve("app/sluice.jsa")).hasContent("archive");
    }

    private static void assertBaseImagesPinnable(String dockerfile) {
        Map<String, String> arguments = new LinkedHashMap<>();
        Matcher argument = Pattern.compile("(?m)^ARG ([A-Z_]+)=(\\S+)$").matcher(dockerfile.substring(0, dockerfile.indexOf("\nFROM ")));
        while (argument.find()) {
            arguments.put(argument.group(1), argument.group(2));
        }
        List<String> froms = dockerfile.lines().filter(line -> line.startsWith("FROM ")).map(line -> line.split("\\s+")[1]).toList();
        assertThat(froms).hasSize(2);
        for (String from : froms) {
            Matcher variable = Pattern.compile("\\$\\{([A-Z_]+_IMAGE)}").matcher(from);
            if (variable.matches()) {
                assertThat(arguments).as("FROM %s: an ARG before the first FROM", from).containsKey(variable.group(1));
                assertThat(arguments.get(variable.group(1))).as(from).matches(TAGGED).doesNotContain(":latest");
            } else {
                assertThat(from).as("FROM without a build argument: pinned by digest").matches(PINNED);
            }
        }
    }

    record Training(int exit, String output) {
    }

    /** train-cds with a stand-in for java that runs {@code body} with $archive set from -XX:ArchiveClassesAtExit. */
    private Training train(String body) throws Exception {
        Files.createDirectories(temp.resolve("app"));
        Files.deleteIfExists(temp.resolve("app/sluice.jsa"));
        Path java = fakeCommand("java", "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) archive=${a#*=};; esac; done\n" + body);
        ProcessBuilder builder = new ProcessBuilder("scripts/train-cds", temp.resolve("app").toString()).redirectErrorStream(true);
        builder.environment().put("JAVA", java.resolve("java").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return new Training(process.exitValue(), output);
    }

    private Path fakeCommand(String name, String body) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin-" + name));
        Path command = bin.resolve(name);
        Files.writeString(command, "#!/bin/sh\n" + body + "\n");
        command.toFile().setExecutable(true);
        return bin;
    }

    private static String run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
