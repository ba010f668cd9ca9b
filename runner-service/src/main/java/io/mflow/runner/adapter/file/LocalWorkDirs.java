package io.mflow.runner.adapter.file;

import io.mflow.localrunner.process.WorkDir;
import io.mflow.runner.app.WorkDirs;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Work dirs under the jobs' roots. A dir named by a stored record is removed only when it lies strictly inside one of
 * the roots, so a record naming {@code /} or {@code ../..} removes nothing; links inside are removed, never followed
 * ({@link WorkDir#delete}).
 */
public class LocalWorkDirs implements WorkDirs {

    private final List<Path> roots;

    public LocalWorkDirs(List<Path> roots) {
        this.roots = roots.stream().map(root -> root.toAbsolutePath().normalize()).toList();
    }

    @Override
    public void remove(String workDir) {
        Path dir = Path.of(workDir).toAbsolutePath().normalize();
        if (roots.stream().noneMatch(root -> dir.startsWith(root) && !dir.equals(root)) || !Files.exists(dir)) {
            return;
        }
        try {
            new WorkDir(dir).delete();
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e; // else another replica on this host removed it first
            }
        }
    }
}
