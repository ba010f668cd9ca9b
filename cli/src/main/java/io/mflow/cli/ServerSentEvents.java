package io.mflow.cli;

/** Reads a text/event-stream line by line: {@code event:} and {@code data:} fields, an event at each blank line. */
final class ServerSentEvents {

    interface Listener {
        /** One event; return true to stop following. {@code name} is null for a plain message. */
        boolean event(String name, String data);
    }

    private final Listener listener;
    private String name;
    private StringBuilder data;

    ServerSentEvents(Listener listener) {
        this.listener = listener;
    }

    /** Takes one line of the stream; true once the listener wants no more. */
    boolean line(String line) {
        if (line.isEmpty()) {
            boolean stop = false;
            if (data != null) {
                stop = listener.event(name, data.toString());
            }
            name = null;
            data = null;
            return stop;
        }
        if (line.startsWith(":")) {
            return false; // a comment: the server keeping the connection alive
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            name = value;
        } else if (field.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        return false;
    }
}
