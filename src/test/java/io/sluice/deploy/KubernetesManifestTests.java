package io.sluice.deploy;

import static io.sluice.deploy.DeployFiles.at;
import static io.sluice.deploy.DeployFiles.list;
import static io.sluice.deploy.DeployFiles.map;
import static io.sluice.deploy.DeployFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** deploy/kubernetes as a platform team reviews it; no cluster runs where Sluice is built. */
class KubernetesManifestTests {

    static final String DIR = "deploy/kubernetes/";
    static final long GIB = 1L << 30;

    final Map<String, Object> pod = map(at(yaml(DIR + "deployment.yaml"), "spec", "template"));
    final Map<String, Object> container = map(list(at(pod, "spec", "containers")).get(0));

    @Test
    void kustomizationShouldListEveryManifest() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(DIR))) {
            List<String> manifests = files.map(file -> file.getFileName().toString()).filter(name -> !name.equals("kustomization.yaml"))
                    .sorted().toList();
            assertThat(list(at(yaml(DIR + "kustomization.yaml"), "resources"))).containsExactlyInAnyOrderElementsOf(manifests);
        }
        assertThat(at(yaml(DIR + "deployment.yaml"), "kind")).isEqualTo("Deployment");
        assertThat(at(yaml(DIR + "service.yaml"), "kind")).isEqualTo("Service");
        assertThat(at(yaml(DIR + "configmap.yaml"), "kind")).isEqualTo("ConfigMap");
        assertThat(at(yaml(DIR + "poddisruptionbudget.yaml"), "apiVersion")).isEqualTo("policy/v1");
    }

    /** The nearest to a schema validation the build can make: no kubeconform, no Kubernetes JSON schemas on Maven Central. */
    @Test
    void everyManifestShouldReadAsKubernetesApiTypesWithNoFieldTheyLack() {
        for (Object manifest : list(at(yaml(DIR + "kustomization.yaml"), "resources"))) {
            assertThat(StrictKubernetes.unknownFields(yaml(DIR + manifest))).as("%s", manifest).isEmpty();
        }
        Map<String, Object> misspelt = yaml(DIR + "deployment.yaml");
        map(at(misspelt, "spec")).put("replica", 1);
        map(list(at(misspelt, "spec", "template", "spec", "containers")).get(0)).put("readinesProbe", Map.of());
        assertThat(StrictKubernetes.unknownFields(misspelt)).containsExactlyInAnyOrder("apps/v1 Deployment.spec.replica",
                "apps/v1 Deployment.spec.template.spec.containers[0].readinesProbe");
    }

    @Test
    void oneProcessShouldOwnTheDataDirectory() {
        Map<String, Object> deployment = yaml(DIR + "deployment.yaml");
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(1);
        assertThat(at(deployment, "spec", "strategy", "type")).as("never two pods on one Derby metastore").isEqualTo("Recreate");
    }

    @Test
    void theProbesShouldBeTheActuatorGroupsAndTheStartupProbeAllowForALoadedNode() {
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        // liveness stays UP while a failed warm-up retries: the startup probe waits for the service, not the engine
        assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        long startup = ((Number) at(container, "startupProbe", "periodSeconds")).longValue()
                * ((Number) at(container, "startupProbe", "failureThreshold")).longValue();
        assertThat(startup).as("a start took 28 to 57 s on 2 cores; a loaded node takes longer").isGreaterThanOrEqualTo(180);
        assertThat(list(container.get("ports"))).anySatisfy(port -> assertThat(map(port)).containsEntry("name", "http")
                .containsEntry("containerPort", 8080));
    }

    @Test
    void theMemoryLimitShouldHoldTheHeapTheImageTakesOfItAndTheRest() {
        long request = bytes(at(container, "resources", "requests", "memory"));
        long limit = bytes(at(container, "resources", "limits", "memory"));
        assertThat(request).isEqualTo(limit);
        long heap = (long) (limit * DeployFiles.maxRamPercentage() / 100);
        assertThat(heap).as("at least the -Xmx4g the image had").isGreaterThanOrEqualTo(4 * GIB);
        assertThat(limit - heap).as("metaspace, direct buffers, threads").isGreaterThanOrEqualTo(3 * GIB / 2);
        assertThat(at(container, "resources", "requests", "cpu")).isEqualTo("2");
    }

    @Test
    void thePodShouldGetLongerToStopThanPreStopAndSluicesOwnShutdown() {
        long preStop = Long.parseLong(String.valueOf(list(at(container, "lifecycle", "preStop", "exec", "command")).get(1)));
        long grace = ((Number) at(pod, "spec", "terminationGracePeriodSeconds")).longValue();
        assertThat(grace).isGreaterThanOrEqualTo(preStop + DeployFiles.shutdownSeconds() + DeployFiles.MARGIN_SECONDS);
    }

    @Test
    void itShouldRunAsTheImagesNonRootUidWithNothingToEscalate() {
        assertThat(map(at(pod, "spec", "securityContext"))).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 185)
                .containsEntry("runAsGroup", 185).containsEntry("fsGroup", 185);
        assertThat(DeployFiles.text("Dockerfile")).contains("USER 185:185");
        assertThat(map(container.get("securityContext"))).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true);
        assertThat(list(at(container, "securityContext", "capabilities", "drop"))).containsExactly("ALL");
    }

    @Test
    void theServiceTheBudgetAndTheVolumesShouldFindWhatTheyName() {
        Map<String, Object> labels = map(at(pod, "metadata", "labels"));
        assertThat(labels).containsAllEntriesOf(map(at(yaml(DIR + "service.yaml"), "spec", "selector")));
        assertThat(labels).containsAllEntriesOf(map(at(yaml(DIR + "poddisruptionbudget.yaml"), "spec", "selector", "matchLabels")));
        assertThat(map(list(at(yaml(DIR + "service.yaml"), "spec", "ports")).get(0))).containsEntry("targetPort", "http");
        assertThat(at(yaml(DIR + "configmap.yaml"), "metadata", "name")).isEqualTo("sluice-config");
        assertThat(at(yaml(DIR + "persistentvolumeclaim.yaml"), "metadata", "name")).isEqualTo("sluice-data");
        assertThat(list(at(pod, "spec", "volumes"))).anySatisfy(v -> assertThat(at(v, "configMap", "name")).isEqualTo("sluice-config"))
                .anySatisfy(v -> assertThat(at(v, "persistentVolumeClaim", "claimName")).isEqualTo("sluice-data"));
        assertThat(list(container.get("volumeMounts"))).anySatisfy(m -> assertThat(map(m)).containsEntry("name", "config")
                .containsEntry("mountPath", "/var/lib/sluice/config"));
        assertThat(at(map(list(container.get("envFrom")).get(0)), "secretRef", "name")).isEqualTo("sluice-secrets");
    }

    /** A Kubernetes quantity in bytes: 6Gi, 512Mi. */
    static long bytes(Object quantity) {
        String text = String.valueOf(quantity);
        return Long.parseLong(text.substring(0, text.length() - 2)) * switch (text.substring(text.length() - 2)) {
            case "Gi" -> GIB;
            case "Mi" -> 1L << 20;
            default -> throw new AssertionError("not a quantity in Gi or Mi: " + text);
        };
    }
}
