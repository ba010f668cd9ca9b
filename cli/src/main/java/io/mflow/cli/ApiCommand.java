package io.mflow.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that talks to task-service's REST API, as the user signed in with {@code mflow login}. */
abstract class ApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** The server and token: the credentials file's, each overridden by MFLOW_SERVER and MFLOW_TOKEN. */
    MflowApi api() {
        return MflowApi.signedIn(environment());
    }

    Map<String, String> environment() {
        return spec.root().userObject() instanceof MflowCommand mflow ? mflow.environment : System.getenv();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void print(Table table) {
        out().print(table);
        out().flush();
    }
}
