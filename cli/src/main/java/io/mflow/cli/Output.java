package io.mflow.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code -o table|json}: a table for people by default, the API's own JSON for scripts. */
final class Output {

    enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json: the API's JSON as it came, for scripts.")
    Format format = Format.table;

    boolean json() {
        return format == Format.json;
    }

    static void printJson(PrintWriter out, JsonNode node) {
        out.println(MflowApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        out.flush();
    }
}
