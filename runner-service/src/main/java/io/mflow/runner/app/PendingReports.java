package io.mflow.runner.app;

import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Report;
import java.util.List;

/** The reports of one attempt waiting to be sent, oldest first, as of the execution's {@code version}. */
public record PendingReports(Attempt attempt, long version, List<Report> reports) {

    public PendingReports {
        reports = List.copyOf(reports);
    }
}
