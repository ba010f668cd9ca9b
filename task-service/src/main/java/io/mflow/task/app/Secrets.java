package io.mflow.task.app;

/** Seals secrets so they are never stored or published in the clear. */
public interface Secrets {

    /** Sealing a sealed value leaves it as it is. */
    String seal(String plain);

    boolean isSealed(String value);
}
