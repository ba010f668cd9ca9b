package io.mflow.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** A person's decision at a job task's gate: an auditor's before it runs, a checker's on its result. */
final class Decisions {

    private Decisions() {
    }

    abstract static class Decide extends ApiCommand {

        @Parameters(paramLabel = "JOB_TASK", description = "The job task's id (jt-...).")
        String id;

        @Option(names = {"-m", "--comment"}, paramLabel = "COMMENT", description = "Why; required to deny.")
        String comment;

        @Mixin
        Output output;

        abstract String gate();

        abstract boolean pass();

        @Override
        public Integer call() {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("decision", pass() ? "PASS" : "DENY");
            body.put("comment", comment);
            JsonNode task = api().post("/api/v1/job-tasks/" + MflowApi.segment(id) + "/" + gate(), body);
            if (output.json()) {
                Output.printJson(out(), task);
            } else {
                print(JobTaskView.table(task));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "approve", description = "An auditor's PASS: enough of them let the job task run "
            + "(POST /api/v1/job-tasks/{id}/audit).")
    static final class Approve extends Decide {
        @Override
        String gate() {
            return "audit";
        }

        @Override
        boolean pass() {
            return true;
        }
    }

    @Command(name = "deny", description = "An auditor's DENY: the job task fails with the comment, which is required.")
    static final class Deny extends Decide {
        @Override
        String gate() {
            return "audit";
        }

        @Override
        boolean pass() {
            return false;
        }
    }

    @Command(name = "confirm", description = {"A checker's decision on a job task's result: PASS, or DENY with --fail.",
            "POST /api/v1/job-tasks/{id}/confirm. PASS lets the run go on; DENY fails the run with the comment."})
    static final class Confirm extends Decide {

        @Option(names = {"--fail", "--deny"}, description = "Deny the result instead of passing it.")
        boolean fail;

        @Override
        String gate() {
            return "confirm";
        }

        @Override
        boolean pass() {
            return !fail;
        }
    }
}
