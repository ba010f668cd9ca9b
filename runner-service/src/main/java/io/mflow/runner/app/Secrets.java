package io.mflow.runner.app;

import io.mflow.localrunner.domain.Param;
import java.util.List;

/** Opens sealed values (sensitive params, update tokens). A plain value is returned as it is. */
public interface Secrets {

    String open(String sealed);

    /** The params with every sensitive value opened, as a job is given them. */
    default List<Param> openAll(List<Param> params) {
        return params.stream().map(p -> p.sensitive() ? p.withValue(open(p.value())) : p).toList();
    }
}
