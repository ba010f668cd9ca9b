package io.mflow.runner.app;

/** Opens sealed values (sensitive params, update tokens). A plain value is returned as it is. */
public interface Secrets {

    String open(String sealed);
}
