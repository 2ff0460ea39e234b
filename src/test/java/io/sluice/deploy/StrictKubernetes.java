package io.sluice.deploy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * A manifest read as Kubernetes' API types (fabric8's model): a wrong type fails the reading, and a field the API does
 * not have (which the model keeps aside as an additional property) is reported with its path. Required fields are not
 * checked: the model has no notion of them.
 */
final class StrictKubernetes {

    static final Map<String, Class<?>> KINDS = Map.of("apps/v1 Deployment", Deployment.class, "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class, "v1 PersistentVolumeClaim", PersistentVolumeClaim.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private StrictKubernetes() {
    }

    /** The fields of {@code manifest} its kind does not have, as paths; empty when it reads strictly. */
    static List<String> unknownFields(Map<String, Object> manifest) {
        String kind = manifest.get("apiVersion") + " " + manifest.get("kind");
        Class<?> type = KINDS.get(kind);
        if (type == null) {
            throw new AssertionError("not a kind these tests know: " + kind);
        }
        List<String> unknown = new ArrayList<>();
        walk(JSON.convertValue(manifest, type), kind, unknown);
        return unknown;
    }

    private static void walk(Object node, String path, List<String> unknown) {
        if (node instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                walk(items.get(i), path + "[" + i + "]", unknown);
            }
        } else if (node instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> walk(value, path + "." + key, unknown));
        } else if (node != null && node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            for (Method getter : node.getClass().getMethods()) {
                if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                    continue;
                }
                Object value = invoke(getter, node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(field -> unknown.add(path + "." + field));
                } else {
                    walk(value, path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4), unknown);
                }
            }
        }
    }

    private static Object invoke(Method getter, Object node) {
        try {
            return getter.invoke(node);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(getter.toString(), e);
        }
    }
}
