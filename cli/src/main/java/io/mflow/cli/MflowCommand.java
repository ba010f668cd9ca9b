package io.mflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mflow}, the command line of mflow: {@code java -jar cli/target/mflow-cli.jar <command>}. */
@Command(name = "mflow", subcommands = MflowCommand.Events.class,
        description = "The mflow command line. Run 'mflow <command> --help' for a command's options.")
public final class MflowCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MflowCommand()).execute(args));
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
