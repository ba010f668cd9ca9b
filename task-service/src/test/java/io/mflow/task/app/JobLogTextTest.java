package io.mflow.task.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.domain.JobLog;
import io.mflow.task.domain.JobLogHead;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A plain log GET writes the log as the store hands it over, never holding it whole. */
class JobLogTextTest {

    private static final String LINE = "x".repeat(1023) + "\n";
    private static final int CHUNKS = 256; // 16 MiB of 64 KiB chunks

    /** A store that hands over chunks one at a time and checks, before each, that the one before was written. */
    private static final class ChunkByChunk implements JobLogs {
        private final StringWriter client;
        private long handedOut;

        ChunkByChunk(StringWriter client) {
            this.client = client;
        }

        @Override
        public Optional<JobLogHead> headOf(String jobTaskId, int attempt) {
            return Optional.empty();
        }

        @Override
        public void read(JobLogHead head, long fromLine, ChunkReader reader) throws IOException {
            for (int i = 0; i < CHUNKS; i++) {
                assertThat(client.getBuffer().length()).as("chunk %d was written before chunk %d was read", i - 1, i)
                        .isEqualTo(handedOut);
                String text = LINE.repeat(64);
                reader.next(new JobLog.Chunk(i * 64L, text));
                handedOut += text.length();
            }
        }
    }

    @Test
    void eachChunkIsWrittenBeforeTheNextIsReadFromTheStore() throws IOException {
        StringWriter client = new StringWriter();
        ChunkByChunk store = new ChunkByChunk(client);

        JobLogText.write(store, new JobLogHead("jt-1#1", CHUNKS * 64L, 16L << 20, false, true), client);

        assertThat(client.getBuffer().length()).isEqualTo(16 << 20);
    }

    @Test
    void aCutLogEndsWithTheNoticeAfterItsLastChunk() throws IOException {
        StringWriter client = new StringWriter();
        JobLogs oneChunk = new JobLogs() {
            @Override
            public Optional<JobLogHead> headOf(String jobTaskId, int attempt) {
                return Optional.empty();
            }

            @Override
            public void read(JobLogHead head, long fromLine, ChunkReader reader) throws IOException {
                reader.next(new JobLog.Chunk(0, "a"));
            }
        };

        JobLogText.write(oneChunk, new JobLogHead("jt-1#1", 1, 1, true, false), client);

        assertThat(client.toString()).isEqualTo("a\n" + JobLog.CUT_NOTICE + "\n");
    }
}
