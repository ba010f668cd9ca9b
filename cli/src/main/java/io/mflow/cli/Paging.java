package io.mflow.cli;

import picocli.CommandLine.Option;

/** {@code --page} and {@code --size} of a list, as the API pages it (from 0, at most 100 a page). */
final class Paging {

    @Option(names = "--page", paramLabel = "N", defaultValue = "0", description = "Which page, from 0 (default 0).")
    int page;

    @Option(names = "--size", paramLabel = "N", defaultValue = "20", description = "How many a page, 1 to 100 (default 20).")
    int size = 20;
}
