package io.sluice.deploy;

import static io.sluice.deploy.DeployFiles.at;
import static io.sluice.deploy.DeployFiles.list;
import static io.sluice.deploy.DeployFiles.map;
import static io.sluice.deploy.DeployFiles.text;
import static io.sluice.deploy.DeployFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docker-compose.yml read as Compose reads it (no Docker engine runs where Sluice is built). */
class ComposeFileTests {

    /** Jobs that run once: the services after them wait for their success (service_completed_successfully). */
    static final Set<String> ONE_SHOT = Set.of("metastore-db", "metastore-schema", "metastore-version");

    final Map<String, Object> services = map(at(yaml("docker-compose.yml"), "services"));

    @Test
    void theOneShotJobsShouldBeExactlyThoseOthersAwaitTheSuccessOf() {
        Set<String> awaited = new TreeSet<>();
        services.values().forEach(service -> {
            if (map(service).get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.forEach((name, condition) -> {
                    if ("service_completed_successfully".equals(map(condition).get("condition"))) {
                        awaited.add((String) name);
                    }
                });
            }
        });
        assertThat(awaited).isEqualTo(new TreeSet<>(ONE_SHOT));
    }

    @Test
    void everyServiceShouldHaveARestartPolicyAndEveryLongRunningOneAHealthCheck() {
        assertThat(services).containsKeys("postgres", "metastore", "spark-master", "spark-worker", "sluice");
        services.forEach((name, service) -> {
            Map<String, Object> spec = map(service);
            if (ONE_SHOT.contains(name)) {
                assertThat(spec.get("restart")).as(name).isEqualTo("on-failure");
            } else {
                assertThat(spec.get("restart")).as(name).isEqualTo("unless-stopped");
                assertThat(list(at(spec, "healthcheck", "test"))).as(name).isNotEmpty();
            }
        });
    }

    @Test
    void secretsShouldComeFromTheEnvFileOnly() {
        String compose = text("docker-compose.yml");
        Set<String> variables = new TreeSet<>();
        Matcher variable = Pattern.compile("(?<!\\$)\\$\\{([A-Z_]+)").matcher(compose);
        while (variable.find()) {
            variables.add(variable.group(1));
        }
        Set<String> example = new TreeSet<>();
        text(".env.example").lines().filter(line -> line.matches("[A-Z_]+=")).forEach(line -> example.add(line.replace("=", "")));
        assertThat(variables).isEqualTo(example).contains("SLUICE_DB_PASSWORD", "SLUICE_OPERATOR_KEY", "SLUICE_VIEWER_KEY",
                "SPARK_AUTH_SECRET");
        assertThat(text(".env.example")).doesNotContainPattern("(?m)^[A-Z_]+=.+$");
        assertThat(text(".gitignore").lines()).contains(".env");
        services.forEach((name, service) -> {
            if (map(service).get("environment") instanceof Map<?, ?> environment) {
                environment.forEach((key, value) -> {
                    if (String.valueOf(key).matches(".*(PASSWORD|SECRET|_KEY)$")) {
                        assertThat(String.valueOf(value)).as("%s %s", name, key).matches("\\$\\{[A-Z_]+:\\?set [A-Z_]+ in \\.env}");
                    }
                });
            }
        });
        assertThat(compose).doesNotContainPattern("(?i)password[=:] *sluice");
    }

    @Test
    void sparksRpcShouldBeAuthenticatedAndItsMasterUiOnLoopbackOnly() {
        for (String daemon : new String[] { "spark-master", "spark-worker" }) {
            assertThat(String.valueOf(at(services.get(daemon), "environment", "SPARK_DAEMON_JAVA_OPTS"))).as(daemon).isEqualTo(
                    "-Dspark.authenticate=true -Dspark.authenticate.secret=${SPARK_AUTH_SECRET:?set SPARK_AUTH_SECRET in .env}");
        }
        Map<String, Object> driver = map(at(yaml("deploy/cluster.yml"), "sluice", "spark", "conf"));
        assertThat(driver).containsEntry("[spark.authenticate]", "true").containsEntry("[spark.authenticate.secret]", "${SPARK_AUTH_SECRET}");
        assertThat(at(services.get("sluice"), "environment", "SPARK_AUTH_SECRET")).isNotNull();
        for (String unauthenticated : new String[] { "spark-master", "metastore" }) {
            assertThat(list(at(services.get(unauthenticated), "ports"))).as(unauthenticated)
                    .allMatch(port -> String.valueOf(port).startsWith("127.0.0.1:"));
        }
    }

    @Test
    void sluiceShouldGetLongerToStopThanItsOwnShutdownTakes() {
        long stop = DeployFiles.seconds(String.valueOf(at(services.get("sluice"), "stop_grace_period")));
        assertThat(DeployFiles.shutdownSeconds()).isEqualTo(30 + 10 + 45);
        assertThat(stop).isGreaterThanOrEqualTo(DeployFiles.shutdownSeconds() + DeployFiles.MARGIN_SECONDS);
        assertThat(at(services.get("sluice"), "mem_limit")).as("the JVM's heap is a share of it").isEqualTo("6g");
    }

    /** What docs/deployment.md says the file is: Sluice the driver of the master and worker beside it, cluster.yml its settings. */
    @Test
    void theClusterShouldStillBeSluiceDrivingTheMasterAndWorkerBesideIt() {
        Map<String, Object> sluice = map(services.get("sluice"));
        assertThat(list(sluice.get("volumes"))).contains("./deploy/cluster.yml:/var/lib/sluice/config/application.yml:ro",
                "lake:/var/lib/sluice/data");
        assertThat(list(at(services.get("spark-worker"), "volumes"))).contains("lake:/var/lib/sluice/data");
        Map<String, Object> spark = map(at(yaml("deploy/cluster.yml"), "sluice", "spark"));
        assertThat(spark.get("master")).isEqualTo("spark://spark-master:7077");
        assertThat(map(spark.get("conf")).get("[spark.driver.host]")).isEqualTo("sluice");
        assertThat(list(at(services.get("spark-worker"), "command"))).contains("spark://spark-master:7077");
    }
}
