package io.mflow.task.domain;

/** The user acting on a request, as the edge authenticated them; rules that depend on who acts take it. */
public record Actor(String name) {

    public Actor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an actor has a name");
        }
    }
}
