package io.mflow.task.app;

import io.mflow.task.domain.JobLog;
import io.mflow.task.domain.JobLogHead;
import java.io.IOException;
import java.io.Writer;

/** An attempt's log as plain text, for the API and the dashboard's download alike. */
public final class JobLogText {

    private JobLogText() {
    }

    /** Each chunk is written as it is read, so the log goes out while the store hands over the rest. */
    public static void write(JobLogs logs, JobLogHead head, Writer out) throws IOException {
        String[] last = {null};
        logs.read(head, 0, chunk -> {
            out.write(chunk.text());
            last[0] = chunk.text();
        });
        if (head.truncated()) {
            out.write(JobLog.cutNoticeAfter(last[0]));
        }
    }
}
