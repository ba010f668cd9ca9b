package io.mflow.task.adapter.neighbour;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.task.app.NeighbourAway;
import io.mflow.task.app.RequestRefused;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A neighbour that is down is away (a 503 to the caller), never an error that would show a stack trace. */
class RestNeighboursTest {

    @Test
    void aServiceNobodyListensForIsAwayAndTheMessageNamesItButNotTheToken() throws IOException {
        URI nobody = URI.create("http://127.0.0.1:" + freePort());
        RestNeighbours neighbours = new RestNeighbours(nobody, nobody, Duration.ofSeconds(1));

        assertThatThrownBy(() -> neighbours.agents("mflow_secret-token")).isInstanceOf(NeighbourAway.class)
                .hasMessageContaining("runner-service").hasMessageNotContaining("mflow_secret-token");
        assertThatThrownBy(() -> neighbours.enableNoticeEndpoint("ep-1", "mflow_secret-token"))
                .isInstanceOf(NeighbourAway.class).hasMessageContaining("notify-service");
    }

    @Test
    void withoutATokenNothingIsAsked() {
        RestNeighbours neighbours = new RestNeighbours(URI.create("http://127.0.0.1:9"),
                URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1));

        assertThatThrownBy(() -> neighbours.noticeEndpoints(null)).isInstanceOf(RequestRefused.class)
                .hasMessageContaining("sign in again");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
