package io.mflow.task.app;

import io.mflow.task.domain.Job;
import io.mflow.task.domain.JobReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface Jobs {

    /** False when that version of that name exists already in its namespace. */
    boolean add(Job job);

    Optional<Job> byId(String id);

    /** The published versions of a name in a namespace, oldest first. */
    List<Job> versions(String namespace, String name);

    /** Marks that version deprecated; false when it no longer exists. */
    boolean deprecate(String id);

    /** Removes that version; false when it no longer exists. */
    boolean remove(String id);

    default Page<Job> page(int page, int size) {
        return page(null, null, Map.of(), page, size);
    }

    /**
     * Newest first; {@code namespace} and {@code name} are optional filters (both: the versions of one job), and
     * only jobs carrying every one of {@code labels} are listed.
     */
    Page<Job> page(String namespace, String name, Map<String, String> labels, int page, int size);

    /** The latest published version of a name in {@code default}: what a job's bare name meant before namespaces. */
    default Optional<Job> byName(String name) {
        return latest(Job.DEFAULT_NAMESPACE, name);
    }

    default Optional<Job> latest(String namespace, String name) {
        List<Job> versions = versions(namespace, name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The version a reference means now: the pinned one, or the latest published one. */
    default Optional<Job> resolve(JobReference reference) {
        if (!reference.pinned()) {
            return latest(reference.namespace(), reference.name());
        }
        return versions(reference.namespace(), reference.name()).stream()
                .filter(job -> job.version().equals(reference.version())).findFirst();
    }
}
