package io.mflow.task.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a job task went through: how each earlier attempt ended, the ids of the last reports applied (so a report
 * delivered twice is applied once), and how many changes it announced (so each gets a derived event id).
 */
public record JobTaskHistory(List<PastAttempt> pastAttempts, List<String> appliedReportIds, int transitions) {

    static final int REMEMBERED_REPORTS = 50;

    public static final JobTaskHistory NONE = new JobTaskHistory(List.of(), List.of(), 0);

    public JobTaskHistory {
        pastAttempts = pastAttempts == null ? List.of() : List.copyOf(pastAttempts);
        appliedReportIds = appliedReportIds == null ? List.of() : List.copyOf(appliedReportIds);
    }

    public boolean hasApplied(String reportId) {
        return reportId != null && appliedReportIds.contains(reportId);
    }

    /** The number of the current attempt: 1, then one more for each retry. */
    public int attempt() {
        return pastAttempts.size() + 1;
    }

    /** With this report's id added, the oldest forgotten beyond {@link #REMEMBERED_REPORTS}. */
    JobTaskHistory withApplied(String reportId) {
        List<String> reports = new ArrayList<>(appliedReportIds);
        if (reportId != null) {
            reports.add(reportId);
        }
        while (reports.size() > REMEMBERED_REPORTS) {
            reports.remove(0);
        }
        return new JobTaskHistory(pastAttempts, reports, transitions);
    }

    /** With one more change announced: its event's number is the new {@code transitions}. */
    JobTaskHistory announced() {
        return new JobTaskHistory(pastAttempts, appliedReportIds, transitions + 1);
    }

    JobTaskHistory withPast(PastAttempt ended) {
        List<PastAttempt> past = new ArrayList<>(pastAttempts);
        past.add(ended);
        return new JobTaskHistory(past, appliedReportIds, transitions);
    }

    /** The attempts mflow retried by itself since a person last did: what the retry policy's limit counts. */
    int retriesByMflowInARow() {
        int count = 0;
        for (int i = pastAttempts.size() - 1; i >= 0 && JobTask.MFLOW.equals(pastAttempts.get(i).retriedBy()); i--) {
            count++;
        }
        return count;
    }
}
