package io.mflow.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "login", sortOptions = false,
        description = {"Signs in: checks an API token with the server and keeps it in a file only you can read.",
                "Asks for it without showing it (or reads it from stdin), checks "
                + "it with the server (GET /api/v1/me) and keeps it with the server's address in "
                + "$XDG_CONFIG_HOME/mflow/credentials (else ~/.config/mflow/credentials), readable by you only (0600).",
                "MFLOW_SERVER and MFLOW_TOKEN, where set, override what the file says."},
        footer = {"", "Examples:", "  mflow login --server http://127.0.0.1:8080",
                "  cat data/admin.token | mflow login --server http://127.0.0.1:8080 --token-stdin"})
final class Login extends ApiCommand {

    @Option(names = "--server", paramLabel = "URL",
            description = "task-service's address. Default: $MFLOW_SERVER, else the saved one, else "
                    + Credentials.DEFAULT_SERVER + ".")
    String server;

    @Option(names = "--token-stdin", description = "Read the token from stdin's first line instead of asking for it.")
    boolean tokenStdin;

    @Override
    public Integer call() {
        Map<String, String> env = environment();
        String target = server != null ? address(server) : Credentials.of(env).server();
        String token = tokenStdin ? firstLineOfStdin() : asked(target);
        if (token == null || token.isBlank()) {
            throw new CliFailure(ExitCodes.USAGE, "no token given");
        }
        JsonNode me = new MflowApi(target, token.strip()).get("/api/v1/me");
        Path file = Credentials.file(env);
        new Credentials(target, token.strip()).save(file);
        List<String> roles = new ArrayList<>();
        RunView.iterable(me.get("roles")).forEach(role -> roles.add(role.asString()));
        out().println("Logged in to " + target + " as " + MflowApi.text(me, "name") + " (" + String.join(", ", roles)
                + "); the token is kept in " + file);
        out().flush();
        if (env.get("MFLOW_TOKEN") != null && !env.get("MFLOW_TOKEN").isBlank()) {
            err().println("note: MFLOW_TOKEN is set and goes before the saved token");
        }
        return ExitCodes.OK;
    }

    /** {@code localhost:8080} is taken as {@code http://localhost:8080}: what people type. */
    static String address(String given) {
        String server = given.strip();
        return Credentials.stripSlash(server.contains("://") ? server : "http://" + server);
    }

    private static String asked(String server) {
        Console console = System.console();
        if (console == null) {
            throw new CliFailure(ExitCodes.USAGE, "no terminal to ask for the token on: pipe it in with --token-stdin");
        }
        char[] token = console.readPassword("API token for %s: ", server);
        return token == null ? null : new String(token);
    }

    private static String firstLineOfStdin() {
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, "cannot read the token from stdin: " + e.getMessage());
        }
    }
}
