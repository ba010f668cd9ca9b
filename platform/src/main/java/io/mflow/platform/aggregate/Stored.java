package io.mflow.platform.aggregate;

/**
 * An aggregate as its store holds it, with the version the next write must match. The version lives here, beside the
 * aggregate, not in it: it is the store's guard, not part of what the domain decides on.
 */
public record Stored<A>(A aggregate, long version) {

    /** The version a new aggregate is stored at. */
    public static final long FIRST_VERSION = 0;
}
