package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.platform.security.Role;
import io.mflow.task.adapter.rest.UserBodies.ChangeUserRequest;
import io.mflow.task.adapter.rest.UserBodies.CreateUserRequest;
import io.mflow.task.adapter.rest.UserBodies.IssuedTokenResponse;
import io.mflow.task.adapter.rest.UserBodies.TokenRequest;
import io.mflow.task.adapter.rest.UserBodies.TokenResponse;
import io.mflow.task.adapter.rest.UserBodies.UserResponse;
import io.mflow.task.app.ApiTokens;
import io.mflow.task.app.ChangeUser;
import io.mflow.task.app.CreateUser;
import io.mflow.task.app.IssueApiToken;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RevokeApiToken;
import io.mflow.task.app.Users;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users and their API tokens; who may call what is in {@link TaskServiceSecurity}. */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

    private final Users users;
    private final ApiTokens tokens;
    private final CreateUser createUser;
    private final ChangeUser changeUser;
    private final IssueApiToken issueApiToken;
    private final RevokeApiToken revokeApiToken;

    UserController(Users users, ApiTokens tokens, CreateUser createUser, ChangeUser changeUser,
                   IssueApiToken issueApiToken, RevokeApiToken revokeApiToken) {
        this.users = users;
        this.tokens = tokens;
        this.createUser = createUser;
        this.changeUser = changeUser;
        this.issueApiToken = issueApiToken;
        this.revokeApiToken = revokeApiToken;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserResponse create(@RequestBody CreateUserRequest request) {
        Map<String, io.mflow.task.domain.Role> namespaceRoles = UserBodies.namespaceRoles(request.namespaceRoles());
        return UserResponse.of(createUser.create(request.name(), request.email(), UserBodies.roles(request.roles()),
                namespaceRoles == null ? Map.of() : namespaceRoles));
    }

    @GetMapping
    List<UserResponse> list() {
        return users.all().stream().map(UserResponse::of).toList();
    }

    @GetMapping("/{name}")
    UserResponse get(@PathVariable String name) {
        return users.byName(name).map(UserResponse::of)
                .orElseThrow(() -> RequestRefused.notFound("no user named " + name));
    }

    @PatchMapping("/{name}")
    UserResponse change(@PathVariable String name, @RequestBody ChangeUserRequest request) {
        return UserResponse.of(changeUser.change(name, request.email(), UserBodies.roles(request.roles()),
                request.disabled(), UserBodies.namespaceRoles(request.namespaceRoles()), request.chatIds()));
    }

    @PostMapping("/{name}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedTokenResponse issue(@PathVariable String name, @RequestBody TokenRequest request,
                              Authentication authentication) {
        // A user may issue their own tokens, but what an agent token may claim is an admin's to say: otherwise an
        // agent user could bind itself to every tag, or an untagged token could be widened by issuing another.
        if (request.agent() != null && !Caller.of(authentication).is(Role.ADMIN)) {
            throw new RequestRefused(RequestRefused.Reason.FORBIDDEN,
                    "only an admin may bind a token to agent work (\"agent\")");
        }
        return IssuedTokenResponse.of(issueApiToken.issue(name, request.name(), request.expiresInDays(),
                request.agent() == null ? null : request.agent().toRequest()));
    }

    @GetMapping("/{name}/tokens")
    List<TokenResponse> tokens(@PathVariable String name) {
        if (users.byName(name).isEmpty()) {
            throw RequestRefused.notFound("no user named " + name);
        }
        return tokens.ofUser(name).stream().map(TokenResponse::of).toList();
    }

    @DeleteMapping("/{name}/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String name, @PathVariable String id) {
        revokeApiToken.revoke(name, id);
    }
}
