package io.mflow.notify.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A notice in words, the same for every chat robot and e-mail: a title, and lines of what a person needs (markdown
 * emphasis only, which every platform renders or shows harmlessly).
 */
public record NoticeText(String title, List<String> lines) {

    public static NoticeText of(Notice notice) {
        List<String> lines = new ArrayList<>();
        String task = notice.jobTaskName() == null ? null : "task " + notice.jobTaskName()
                + (notice.stageName() == null ? "" : " (stage " + notice.stageName() + ")");
        String pipeline = notice.pipelineName() == null ? null : "pipeline " + notice.pipelineName();
        String title;
        if (notice.isGateWait()) {
            String what = Notice.AUDIT_WAITING.equals(notice.event()) ? "Approval" : "Confirmation";
            title = what + " needed: " + join(task, pipeline);
            lines.add("**Waiting for:** " + String.join(", ", notice.deciders()));
            lines.add("**To decide:** POST " + decisionPath(notice) + " {\"decision\": \"PASS\" or \"DENY\", "
                    + "\"comment\": \"...\"} (a DENY needs a comment)");
        } else if (notice.subject() == Notice.Subject.PIPELINE_TASK) {
            title = "Pipeline " + notice.pipelineName() + ": " + notice.stage();
        } else {
            title = capitalized(join(task, pipeline)) + ": " + notice.stage();
        }
        if (notice.stage() != null) {
            lines.add("**Stage:** " + notice.stage()
                    + (notice.previousStage() == null ? "" : " (was " + notice.previousStage() + ")")
                    + (notice.attempt() > 1 ? ", attempt " + notice.attempt() : ""));
        }
        if (notice.triggeredBy() != null) {
            lines.add("**Triggered by:** " + notice.triggeredBy());
        }
        if (notice.startedAt() != null) {
            Duration took = notice.duration();
            lines.add("**Started:** " + notice.startedAt() + (took == null ? "" : ", took " + shown(took)));
        }
        if (notice.message() != null && !notice.message().isBlank()) {
            lines.add("**Message:** " + notice.message());
        }
        if (!notice.params().isEmpty()) {
            List<String> params = new ArrayList<>();
            for (Map.Entry<String, String> param : notice.params().entrySet()) {
                params.add(param.getKey() + "=" + param.getValue());
            }
            lines.add("**Params:** " + String.join(", ", params));
        }
        if (notice.link() != null) {
            lines.add("**Details:** " + notice.link());
        }
        return new NoticeText(title, lines);
    }

    public String markdown() {
        return String.join("\n", lines);
    }

    /** The same without markdown emphasis, for plain-text mail. */
    public String plain() {
        return markdown().replace("**", "");
    }

    private static String decisionPath(Notice notice) {
        String gate = Notice.AUDIT_WAITING.equals(notice.event()) ? "audit" : "confirm";
        String base = notice.link() == null ? "/api/v1/job-tasks/" + notice.jobTaskId()
                : notice.link();
        return base + "/" + gate;
    }

    private static String join(String task, String pipeline) {
        if (task == null) {
            return pipeline == null ? "" : pipeline;
        }
        return pipeline == null ? task : task + " of " + pipeline;
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String shown(Duration took) {
        long seconds = took.toSeconds();
        if (seconds < 60) {
            return took.toMillis() < 10_000 ? (took.toMillis() / 100) / 10.0 + "s" : seconds + "s";
        }
        return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
}
