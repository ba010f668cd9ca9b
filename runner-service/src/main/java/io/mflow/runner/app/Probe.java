package io.mflow.runner.app;

import io.mflow.localrunner.domain.Outcome;

/** What a runner finds of an attempt's process after a restart. */
public sealed interface Probe {

    /** The process ended and left its exit code. */
    record Finished(Outcome outcome) implements Probe {
    }

    record Running(Launch launch) implements Probe {
    }

    /** No process ever took the attempt: starting it now is safe. */
    record NotStarted() implements Probe {
    }

    /** A process took the attempt but is not alive and left no exit code (yet). */
    record Gone() implements Probe {
    }
}
