package io.mflow.task.app;

import java.time.Instant;
import java.util.List;

/**
 * What runner-service and notify-service know that the dashboard and the API show: their agents, and the endpoints
 * notices go to. Each call carries the caller's own token, so the neighbour decides as it would for the caller
 * calling it directly; nothing is asked with a credential of task-service's own. A neighbour's refusal comes back as
 * a {@link RequestRefused} with its reason; a neighbour that is down or failing as {@link NeighbourAway}.
 */
public interface Neighbours {

    /** runner-service's agents: what each claimed and is running now. */
    List<Agent> agents(String token);

    /** notify-service's endpoints with their health (an admin's). */
    List<NoticeEndpoint> noticeEndpoints(String token);

    /** Enables an endpoint too many failures disabled; an enabled one stays as it is. */
    NoticeEndpoint enableNoticeEndpoint(String id, String token);

    /** An agent as runner-service lists it; {@code lastHeartbeat} is when it last said it was alive. */
    record Agent(String name, List<String> tags, String version, int concurrency, boolean untagged,
                 Instant lastHeartbeat, boolean alive, List<Running> running) {

        public Agent {
            tags = tags == null ? List.of() : List.copyOf(tags);
            running = running == null ? List.of() : List.copyOf(running);
        }
    }

    /** An attempt an agent holds: {@code state} is runner-service's (STARTING, RUNNING ...). */
    record Running(String attemptId, String jobTaskId, String state) {
    }

    /** {@code target} is the endpoint as notify-service shows it (a webhook's address without its secrets). */
    record NoticeEndpoint(String id, String target, boolean disabled, int failuresInARow, String reason,
                          Instant changedAt) {
    }
}
