package io.mflow.task.app;

/** Where the text of the logs is kept, one document per chunk. */
public interface JobLogChunks {

    /**
     * Stores {@code text} as the chunk of log {@code logId} from line {@code from}, unless one is stored there already.
     *
     * @return the text stored there: this one, or the one an earlier delivery, perhaps cut differently, stored first
     */
    String store(String logId, long from, String text);
}
