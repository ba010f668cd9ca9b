package io.mflow.notify.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A release approval as a chat card: a Feishu message card or a Slack Block Kit message with the same content. Only a
 * submitted approval's card has the Approve and Deny buttons; once it is decided, run or closed the card says who
 * did it and their comment, with no button left (the reference left one that still posted PASSED). Built as maps and
 * lists that the channel writes as JSON, so a quote in a title is just a character (the reference's template broke
 * on it). Params come shown: a sensitive value is {@code ******}, never opened.
 */
public final class ApprovalCard {

    public static final String APPROVE = "Approve";
    public static final String DENY = "Deny";
    public static final String SLACK_PASS_ACTION = "mflow.approval.pass";
    public static final String SLACK_DENY_ACTION = "mflow.approval.deny";
    /** Slack's limits: a header's text, a section's text, a field's text. */
    private static final int SLACK_HEADER = 150;
    private static final int SLACK_TEXT = 3000;
    private static final int SLACK_FIELD = 2000;

    private final Notice notice;
    private final Approval approval;

    private ApprovalCard(Notice notice) {
        if (!notice.isApproval()) {
            throw new IllegalArgumentException("not an approval's notice: " + notice.eventId());
        }
        this.notice = notice;
        this.approval = notice.approval();
    }

    public static ApprovalCard of(Notice notice) {
        return new ApprovalCard(notice);
    }

    /** People decide on it from the card: only while it waits for its auditors. */
    public boolean hasButtons() {
        return Approval.SUBMITTED.equals(notice.stage());
    }

    public String title() {
        return NoticeText.approvalTitle(notice);
    }

    /** The {@code card} of a Feishu {@code interactive} message. */
    public Map<String, Object> feishuCard() {
        List<Object> elements = new ArrayList<>();
        List<Object> fields = new ArrayList<>();
        for (Map.Entry<String, String> fact : facts().entrySet()) {
            fields.add(Map.of("is_short", true, "text", larkMd("**" + fact.getKey() + "**\n" + fact.getValue())));
        }
        elements.add(Map.of("tag", "div", "fields", fields));
        if (!notice.params().isEmpty()) {
            elements.add(Map.of("tag", "div", "text", larkMd("**Run params**\n" + paramLines())));
        }
        if (hasText(approval.description())) {
            elements.add(Map.of("tag", "div", "text", larkMd(approval.description())));
        }
        if (!hasButtons()) {
            elements.add(Map.of("tag", "div", "text", larkMd(decisionLine("**"))));
        }
        if (notice.link() != null) {
            elements.add(Map.of("tag", "div", "text", larkMd("[Open in mflow](" + notice.link() + ")")));
        }
        if (hasButtons()) {
            elements.add(Map.of("tag", "action", "actions", List.of(
                    feishuButton(APPROVE, "primary", "PASS"),
                    feishuButton(DENY, "danger", "DENY"))));
        }
        elements.add(Map.of("tag", "hr"));
        elements.add(Map.of("tag", "note", "elements", List.of(Map.of("tag", "plain_text",
                "content", "Sent by mflow"))));
        return Map.of(
                "config", Map.of("wide_screen_mode", true, "enable_forward", true, "update_multi", true),
                "header", Map.of("title", Map.of("tag", "plain_text", "content", title()),
                        "template", colour()),
                "elements", elements);
    }

    /** A Slack message: {@code text} (the fallback) and {@code blocks}. */
    public Map<String, Object> slackMessage() {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text",
                cut(title(), SLACK_HEADER))));
        List<Object> fields = new ArrayList<>();
        for (Map.Entry<String, String> fact : facts().entrySet()) {
            fields.add(mrkdwn(cut("*" + fact.getKey() + "*\n" + slackEscaped(fact.getValue()), SLACK_FIELD)));
        }
        blocks.add(Map.of("type", "section", "fields", fields));
        if (!notice.params().isEmpty()) {
            blocks.add(section("*Run params*\n" + slackEscaped(paramLines())));
        }
        if (hasText(approval.description())) {
            blocks.add(section(slackEscaped(approval.description())));
        }
        if (!hasButtons()) {
            blocks.add(section(slackEscaped(decisionLine("*"))));
        }
        if (notice.link() != null) {
            blocks.add(section("<" + notice.link() + "|Open in mflow>"));
        }
        if (hasButtons()) {
            blocks.add(Map.of("type", "actions", "block_id", "mflow.approval", "elements", List.of(
                    slackButton(APPROVE, "primary", SLACK_PASS_ACTION),
                    slackButton(DENY, "danger", SLACK_DENY_ACTION))));
        }
        return Map.of("text", slackEscaped(title()), "blocks", blocks);
    }

    /** Creator, operators, auditors, pipeline and how it runs, in that order. */
    Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Creator", approval.createdBy());
        facts.put("Operators", String.join(", ", approval.operators()));
        facts.put("Auditors", String.join(", ", approval.auditors()));
        facts.put("Pipeline", notice.pipelineName() != null ? notice.pipelineName() : approval.pipelineId());
        facts.put("Execution", approval.autoRun() ? "automatic once passed" : "manual, by an operator");
        return facts;
    }

    private String paramLines() {
        List<String> lines = new ArrayList<>();
        notice.params().forEach((name, value) -> lines.add(name + ": " + value));
        return String.join("\n", lines);
    }

    /** Who did what, and their comment. */
    String decisionLine(String bold) {
        String line = bold + decidedWord() + bold + " by " + approval.by();
        if (notice.pipelineTaskId() != null && "RUNNING".equals(notice.stage())) {
            line += " (run " + notice.pipelineTaskId() + ")";
        }
        return hasText(approval.comment()) ? line + ": " + approval.comment() : line;
    }

    private String decidedWord() {
        return switch (notice.stage()) {
            case "PASSED" -> "Passed";
            case "DENIED" -> "Denied";
            case "RUNNING" -> "Run started";
            case "CLOSED" -> "Closed";
            default -> notice.stage();
        };
    }

    private String colour() {
        return switch (notice.stage()) {
            case "SUBMITTED" -> "orange"; // someone must decide
            case "PASSED", "RUNNING" -> "green";
            case "DENIED" -> "red";
            case "CLOSED" -> "grey";
            default -> "wathet";
        };
    }

    private Map<String, Object> feishuButton(String text, String type, String decision) {
        return Map.of("tag", "button", "text", Map.of("tag", "plain_text", "content", text), "type", type,
                "value", Map.of("approvalId", approval.approvalId(), "decision", decision));
    }

    private Map<String, Object> slackButton(String text, String style, String actionId) {
        return Map.of("type", "button", "action_id", actionId, "style", style,
                "text", Map.of("type", "plain_text", "text", text), "value", approval.approvalId());
    }

    private static Map<String, Object> larkMd(String content) {
        return Map.of("tag", "lark_md", "content", content);
    }

    private static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", text.isEmpty() ? " " : text);
    }

    private static Map<String, Object> section(String text) {
        return Map.of("type", "section", "text", mrkdwn(cut(text, SLACK_TEXT)));
    }

    /** Slack reads {@code &}, {@code <} and {@code >} as markup (links, mentions): a user's text must not. */
    static String slackEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }
}
