package io.mflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    @Test
    void messagesAreTheirDataCommentsAreNothingAndTheEndEventStops() {
        List<String> seen = new ArrayList<>();
        ServerSentEvents events = new ServerSentEvents((name, data) -> {
            seen.add(name + ":" + data);
            return "end".equals(name);
        });

        assertThat(events.line("data:building")).isFalse();
        assertThat(events.line("")).isFalse();
        assertThat(events.line(":still following")).isFalse();
        assertThat(events.line("")).isFalse();
        assertThat(events.line("data: two")).isFalse();
        assertThat(events.line("data:lines")).isFalse();
        assertThat(events.line("")).isFalse();
        assertThat(events.line("event:end")).isFalse();
        assertThat(events.line("data:SUCCEEDED")).isFalse();
        assertThat(events.line("")).isTrue();

        assertThat(seen).containsExactly("null:building", "null:two\nlines", "end:SUCCEEDED");
    }
}
