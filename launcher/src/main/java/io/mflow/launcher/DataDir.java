package io.mflow.launcher;

import io.mflow.schemas.sealed.SealedValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The engine's data dir holds the key that opens every sealed value and the first admin's API token, so it and the
 * key are readable by their owner only.
 */
final class DataDir {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private DataDir() {
    }

    /** Creates the data dir for its owner only; one that exists is left as its owner made it. */
    static void create(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        }
    }

    /** Where task-service writes the first admin's generated token (by itself, 0600, once). */
    static Path adminTokenFile(Path dir) {
        return dir.resolve("admin.token").toAbsolutePath();
    }

    /** A new key on first start, the same key ever after: sealed values in the store must stay readable. */
    static String secretKey(Path dir) throws IOException {
        String fromEnv = System.getenv("MFLOW_SECRET_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        Path file = dir.resolve("secret.key");
        if (Files.exists(file)) {
            tighten(file);
        } else {
            writeOwnerOnly(file, SealedValues.newKey());
        }
        return Files.readString(file).trim();
    }

    /**
     * Writes a file that holds a secret. Born 0600 and renamed into place whole: it is never readable by others, not
     * even for an instant, and a launcher killed mid-write leaves no empty file behind.
     */
    static void writeOwnerOnly(Path file, String content) throws IOException {
        Path draft = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        Files.writeString(draft, content);
        Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A password generated on first start into {@code file} (0600), the same ever after: 32 random bytes, base64url,
     * which no URI, JAAS line or properties file has to quote.
     */
    static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            tighten(file);
        } else {
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            writeOwnerOnly(file, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n");
        }
        return Files.readString(file).strip();
    }

    /** A secret file as an older launcher left it, made its owner's only. */
    static void tightenIfExists(Path file) throws IOException {
        if (Files.exists(file)) {
            tighten(file);
        }
    }

    /** A key file from an older launcher was created with the umask's mode, usually readable by everyone. */
    private static void tighten(Path file) throws IOException {
        Set<PosixFilePermission> granted = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY_FILE.containsAll(granted)) {
            String before = PosixFilePermissions.toString(granted);
            granted.retainAll(OWNER_ONLY_FILE);
            Files.setPosixFilePermissions(file, granted);
            System.out.println("[mflow] " + file + " had mode " + before + "; it is now "
                    + PosixFilePermissions.toString(granted));
        }
    }
}
