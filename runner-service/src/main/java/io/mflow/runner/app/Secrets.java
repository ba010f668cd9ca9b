package io.mflow.runner.app;

import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import io.mflow.schemas.AttemptIds;
import io.mflow.schemas.sealed.SealedPlace;
import java.util.List;

/**
 * Opens sealed values (sensitive params, update tokens), each at the place it was sealed for: an attempt's params at
 * its job task, its update token at its job task and attempt number. A value copied from another task's command does
 * not open. A plain value is returned as it is.
 */
public interface Secrets {

    /** @throws IllegalArgumentException when it was not sealed for {@code place}; the message names no value */
    String open(String sealed, SealedPlace place);

    /** The update token of {@code attempt}: sealed for its job task and its number. */
    default String updateTokenOf(Attempt attempt) {
        return updateToken(attempt.sealedUpdateToken(), attempt.jobTaskId(), attempt.attemptId());
    }

    default String updateToken(String sealed, String jobTaskId, String attemptId) {
        return open(sealed, SealedPlace.updateToken(jobTaskId, AttemptIds.numberOf(attemptId)));
    }

    /** The params of {@code attempt} with every sensitive value opened, as its job is given them. */
    default List<Param> paramsOf(Attempt attempt) {
        return attempt.params().stream().map(p -> p.sensitive()
                ? p.withValue(open(p.value(), SealedPlace.jobTaskParam(attempt.jobTaskId(), p.name()))) : p).toList();
    }
}
