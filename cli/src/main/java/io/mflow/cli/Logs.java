package io.mflow.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", sortOptions = false,
        description = {"Prints a job task's output; with -f follows it live until the attempt ends.",
                "GET /api/v1/job-tasks/{id}/log: the attempt's output so far, or with -f the lines so far and each new "
                        + "one as it comes.",
                "Sensitive values were masked by the runner before the output was kept."})
final class Logs extends ApiCommand {

    @Parameters(paramLabel = "JOB_TASK", description = "The job task's id (jt-...).")
    String id;

    @Option(names = {"-f", "--follow"}, description = "Follow the output live until the attempt ends.")
    boolean follow;

    @Option(names = "--attempt", paramLabel = "N", description = "Which attempt, from 1. Default: the latest.")
    Integer attempt;

    @Override
    public Integer call() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("attempt", attempt);
        String path = "/api/v1/job-tasks/" + MflowApi.segment(id) + "/log" + MflowApi.query(query);
        MflowApi api = api();
        if (!follow) {
            api.copyText(path, text -> {
                out().print(text);
                out().flush();
            });
            return ExitCodes.OK;
        }
        api.follow(path, (name, data) -> {
            if ("end".equals(name)) {
                err().println("(the attempt ended " + data + ")");
                err().flush();
                return true;
            }
            out().println(data);
            out().flush();
            return false;
        });
        return ExitCodes.OK;
    }
}
