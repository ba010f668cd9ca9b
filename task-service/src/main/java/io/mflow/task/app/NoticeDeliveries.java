package io.mflow.task.app;

import io.mflow.task.domain.NoticeDelivery;
import java.util.List;

/** The delivery results of each job task and pipeline task, by its id. */
public interface NoticeDeliveries {

    /** Records it once: a result announced twice is kept once. */
    void record(String ownerId, NoticeDelivery delivery);

    /** Oldest first. */
    List<NoticeDelivery> of(String ownerId);
}
