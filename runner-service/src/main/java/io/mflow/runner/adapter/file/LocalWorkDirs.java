package io.mflow.runner.adapter.file;

import io.mflow.runner.app.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Work dirs under the jobs' roots. A dir named by a stored record is removed only when it lies strictly inside one of
 * the roots, so a record naming {@code /} or {@code ../..} removes nothing; links inside are removed, never followed.
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
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException failed) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // another replica on this host removed it first
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
