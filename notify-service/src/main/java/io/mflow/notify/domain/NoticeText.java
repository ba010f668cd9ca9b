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
        if (notice.isApproval()) {
            return ofApproval(notice);
        }
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

    /** A release approval's move, for robots without cards and for e-mail: the card's content as lines. */
    private static NoticeText ofApproval(Notice notice) {
        ApprovalCard card = ApprovalCard.of(notice);
        Approval approval = notice.approval();
        List<String> lines = new ArrayList<>();
        card.facts().forEach((name, value) -> lines.add("**" + name + ":** " + value));
        if (!notice.params().isEmpty()) {
            List<String> params = new ArrayList<>();
            notice.params().forEach((name, value) -> params.add(name + "=" + value));
            lines.add("**Run params:** " + String.join(", ", params));
        }
        if (approval.description() != null && !approval.description().isBlank()) {
            lines.add(approval.description().strip());
        }
        if (card.hasButtons()) {
            lines.add("**Waiting for:** one of " + String.join(", ", approval.auditors()) + " to pass or deny it");
        } else {
            lines.add(card.decisionLine("**"));
        }
        if (notice.link() != null) {
            lines.add("**Details:** " + notice.link());
        }
        return new NoticeText(approvalTitle(notice), lines);
    }

    static String approvalTitle(Notice notice) {
        String what = switch (notice.stage()) {
            case "SUBMITTED" -> "Approval needed";
            case "PASSED" -> "Approval passed";
            case "DENIED" -> "Approval denied";
            case "RUNNING" -> "Approved release running";
            case "CLOSED" -> "Approval closed";
            default -> "Approval " + notice.stage().toLowerCase(java.util.Locale.ROOT);
        };
        return what + ": " + notice.approval().title();
    }

    public String markdown() {
        return String.join("\n", lines);
    }

    /** The same without markdown emphasis, for plain-text mail. */
    public String plain() {
        // a masked value is six asterisks: it must stay, not be read as three pairs of emphasis
        return markdown().replace(MASK, "\u0000").replace("**", "").replace("\u0000", MASK);
    }

    private static final String MASK = "******";

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
