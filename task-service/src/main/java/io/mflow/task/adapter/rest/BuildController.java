package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.task.adapter.rest.BuildBodies.BuildConfigRequest;
import io.mflow.task.adapter.rest.BuildBodies.BuildConfigResponse;
import io.mflow.task.app.BuildConfigs;
import io.mflow.task.app.DefineBuildConfig;
import io.mflow.task.app.RequestRefused;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Build configurations: which repository's events start which pipeline (docs/triggers.md). */
@RestController
@RequestMapping("/api/v1/builds")
class BuildController {

    private final DefineBuildConfig define;
    private final BuildConfigs configs;

    BuildController(DefineBuildConfig define, BuildConfigs configs) {
        this.define = define;
        this.configs = configs;
    }

    /** The answer shows a generated secret, this once; a given one is never shown back. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BuildConfigResponse create(@RequestBody BuildConfigRequest request, Authentication caller) {
        DefineBuildConfig.Defined defined = define.create(request.toDomain(), Caller.identityOf(caller),
                Namespaces.accessOf(caller));
        return BuildConfigResponse.of(defined.config(), defined.generatedSecret());
    }

    @GetMapping
    PageBody<BuildConfigResponse> list(@RequestParam(required = false) String pipeline,
                                       @RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "20") int size) {
        PageBody.check(page, size);
        return PageBody.of(configs.page(page, size, pipeline).map(BuildConfigResponse::of));
    }

    @GetMapping("/{id}")
    BuildConfigResponse get(@PathVariable String id) {
        return configs.byId(id).map(BuildConfigResponse::of)
                .orElseThrow(() -> RequestRefused.notFound("no build configuration " + id));
    }

    /** Replaces it whole; a secret, token or sensitive value left out or sent as the mask stays as it is. */
    @PutMapping("/{id}")
    BuildConfigResponse replace(@PathVariable String id, @RequestBody BuildConfigRequest request,
                                Authentication caller) {
        return BuildConfigResponse.of(define.replace(id, request.toDomain(), Namespaces.accessOf(caller)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, Authentication caller) {
        define.delete(id, Namespaces.accessOf(caller));
    }
}
