package io.mflow.task.app;

import java.util.Set;

/**
 * Where the caller may define and run jobs and pipelines: everywhere (a DEVELOPER), or in some namespaces only (a
 * DEVELOPER of {@code web}). Worked out at the edge from the caller's roles; the use cases only ask it.
 */
public record Access(boolean everywhere, Set<String> namespaces) {

    public static final Access EVERYWHERE = new Access(true, Set.of());

    public Access {
        namespaces = Set.copyOf(namespaces);
    }

    public boolean allows(String namespace) {
        return everywhere || namespaces.contains(namespace);
    }

    /** @throws RequestRefused forbidden, naming the namespace, when the caller may not act there */
    public void check(String namespace, String what) {
        if (!allows(namespace)) {
            throw new RequestRefused(RequestRefused.Reason.FORBIDDEN, "you may not " + what + " in namespace '"
                    + namespace + "': you are a DEVELOPER of " + (namespaces.isEmpty() ? "no namespace"
                    : "namespace " + String.join(", ", namespaces.stream().sorted().toList()) + " only"));
        }
    }
}
