package io.mflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;

@Command(name = "logout", description = "Forgets the saved token: removes the credentials file that 'mflow login' wrote.")
final class Logout extends ApiCommand {

    @Override
    public Integer call() {
        Path file = Credentials.file(environment());
        try {
            out().println(Files.deleteIfExists(file) ? "Logged out: removed " + file : "Not logged in: no " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
        out().flush();
        String token = environment().get("MFLOW_TOKEN");
        if (token != null && !token.isBlank()) {
            err().println("note: MFLOW_TOKEN is still set and is still used");
        }
        return ExitCodes.OK;
    }
}
