package io.mflow.notify.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A release approval as a notice about its change shows it: what it is, who asked, who decides and who runs it, and
 * who made this change with what comment. Its params travel in the notice, shown (sensitive values masked).
 *
 * @param by      who made the change: the submitter, the auditor who decided, the one who closed it
 * @param comment the decider's or closer's comment, or null
 */
public record Approval(String approvalId, String title, String description, String createdBy, List<String> operators,
                       List<String> auditors, String pipelineId, boolean autoRun, String by, String comment) {

    public static final String DRAFT = "DRAFT";
    public static final String SUBMITTED = "SUBMITTED";

    public Approval {
        operators = operators == null ? List.of() : List.copyOf(operators);
        auditors = auditors == null ? List.of() : List.copyOf(auditors);
    }

    /**
     * Who is told of its move to {@code stage}, each once: a draft nobody; a submitted one its auditors, who must
     * decide; any later move its operators, its creator and the auditors other than the one who made it (the reference
     * told the creator nothing).
     */
    public List<String> toldOf(String stage) {
        List<String> people = new ArrayList<>();
        if (DRAFT.equals(stage)) {
            return people;
        }
        if (SUBMITTED.equals(stage)) {
            addAll(people, auditors);
            return people;
        }
        addAll(people, operators);
        addAll(people, List.of(createdBy));
        addAll(people, auditors.stream().filter(auditor -> !auditor.equals(by)).toList());
        return people;
    }

    /** Everyone it may ever tell, in the order they are told: auditors, operators, its creator. */
    public List<String> people() {
        List<String> people = new ArrayList<>();
        addAll(people, auditors);
        addAll(people, operators);
        addAll(people, List.of(createdBy));
        return people;
    }

    private static void addAll(List<String> people, List<String> more) {
        for (String person : more) {
            if (person != null && !person.isBlank() && !people.contains(person)) {
                people.add(person);
            }
        }
    }
}
