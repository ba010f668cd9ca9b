package io.mflow.cli;

import tools.jackson.databind.JsonNode;

/** A job task in one row: where it stands after a person acted on it. */
final class JobTaskView {

    private JobTaskView() {
    }

    static Table table(JsonNode task) {
        return new Table("ID", "NAME", "STATUS", "ATTEMPT", "AUDIT", "CONFIRM", "NOTE")
                .row(MflowApi.text(task, "id"), MflowApi.text(task, "name"), MflowApi.text(task, "stage"),
                        task.path("attempt").asInt(1), MflowApi.text(task.get("audit"), "stage"),
                        MflowApi.text(task.get("confirm"), "stage"), RunView.note(task));
    }
}
