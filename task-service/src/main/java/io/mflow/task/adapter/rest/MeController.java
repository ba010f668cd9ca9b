package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.task.adapter.rest.UserBodies.MeResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is; the other services also ask this to check an API token. */
@RestController
class MeController {

    @GetMapping("/api/v1/me")
    MeResponse me(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return new MeResponse(caller.name(), caller.email(), caller.roles().stream().map(Enum::name).sorted().toList(),
                Caller.identityOf(authentication), UserBodies.AgentBody.of(caller.agent()),
                new TreeMap<>(caller.namespaceRoles().entrySet().stream().collect(
                        Collectors.toMap(Map.Entry::getKey, e -> e.getValue().name()))));
    }
}
