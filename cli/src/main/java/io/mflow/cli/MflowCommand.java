package io.mflow.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mflow}, the command line of mflow: {@code java -jar cli/target/mflow-cli.jar <command>}. */
@Command(name = "mflow", subcommands = {Login.class, Logout.class, Pipelines.class, RunPipeline.class, Runs.class,
        Logs.class, Decisions.Approve.class, Decisions.Deny.class, Decisions.Confirm.class,
        JobTaskCommands.Retry.class, JobTaskCommands.Skip.class, JobTaskCommands.Cancel.class, Agents.class,
        MflowCommand.Events.class, Completion.class},
        description = "The mflow command line. Run 'mflow <command> --help' for a command's options.",
        footer = {"", "Exit codes: 0 done (a run SUCCEEDED), 1 the run FAILED, 2 the run was CANCELED, 3 the server "
                + "refused the request, 4 the server could not be reached, 5 not signed in (no token, or one the server"
                + " does not take), 64 usage error, 70 a fault of mflow itself."})
public final class MflowCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Where MFLOW_SERVER, MFLOW_TOKEN, XDG_CONFIG_HOME and HOME are read: the process's, or a test's. */
    final Map<String, String> environment;

    public MflowCommand() {
        this(System.getenv());
    }

    MflowCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with mflow's exit codes: a usage error is 64, not picocli's 2 (which is a CANCELED run here),
     * and a failure prints its one line on stderr, never a stack trace.
     */
    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine mflow = new CommandLine(new MflowCommand(environment));
        IParameterExceptionHandler usage = mflow.getParameterExceptionHandler();
        mflow.setParameterExceptionHandler((problem, args) -> {
            usage.handleParseException(problem, args);
            return ExitCodes.USAGE;
        });
        mflow.setExecutionExceptionHandler((failure, line, parsed) -> {
            line.getErr().println("mflow: " + describe(failure));
            line.getErr().flush();
            return failure instanceof CliFailure cli ? cli.exitCode() : ExitCodes.SOFTWARE;
        });
        return mflow;
    }

    private static String describe(Exception failure) {
        if (failure instanceof CliFailure || failure instanceof java.io.UncheckedIOException) {
            return failure.getMessage();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    @Command(name = "events", subcommands = EventsTail.class,
            description = "Records on mflow's Kafka topics, decoded with the published Avro schemas.")
    static final class Events implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "Missing command");
        }
    }
}
