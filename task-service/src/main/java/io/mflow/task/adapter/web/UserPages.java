package io.mflow.task.adapter.web;

import io.mflow.task.app.ApiTokens;
import io.mflow.task.app.ChangeUser;
import io.mflow.task.app.CreateUser;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.RevokeApiToken;
import io.mflow.task.app.Users;
import io.mflow.task.domain.Role;
import io.mflow.task.domain.User;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Users for admins ({@code /admin/**} is theirs in {@link DashboardSecurity}): who exists with which roles, a new
 * user, a user's roles and switch, and their tokens, which an admin may revoke but never sees the values of.
 */
@Controller
class UserPages {

    private final Users users;
    private final ApiTokens tokens;
    private final CreateUser createUser;
    private final ChangeUser changeUser;
    private final RevokeApiToken revokeApiToken;

    UserPages(Users users, ApiTokens tokens, CreateUser createUser, ChangeUser changeUser,
              RevokeApiToken revokeApiToken) {
        this.users = users;
        this.tokens = tokens;
        this.createUser = createUser;
        this.changeUser = changeUser;
        this.revokeApiToken = revokeApiToken;
    }

    @GetMapping("/admin/users")
    String users(Model model) {
        model.addAttribute("users", users.all());
        model.addAttribute("roles", Role.values());
        return "users";
    }

    /** A refused user (a bad name, no role, a name taken) shows the list again with why, and creates nothing. */
    @PostMapping("/admin/users")
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String email,
                  @RequestParam(required = false) List<String> roles, HttpServletResponse response, Model model) {
        try {
            User user = createUser.create(name.strip(), email.isBlank() ? null : email.strip(), roles(roles));
            return "redirect:" + pathOf(user.name());
        } catch (RequestRefused refused) {
            response.setStatus(refused.reason() == RequestRefused.Reason.CONFLICT
                    ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", refused.getMessage());
            model.addAttribute("given", name);
            return users(model);
        }
    }

    @GetMapping("/admin/users/{name}")
    String user(@PathVariable String name, Model model) {
        model.addAttribute("user", users.byName(name)
                .orElseThrow(() -> RequestRefused.notFound("no user named " + name)));
        model.addAttribute("tokens", TokenPages.newestFirst(tokens.ofUser(name)));
        model.addAttribute("roles", Role.values());
        return "user";
    }

    /** The form sends every role box and the switch, so what is not ticked is taken away. */
    @PostMapping("/admin/users/{name}")
    String change(@PathVariable String name, @RequestParam(required = false) List<String> roles,
                  @RequestParam(defaultValue = "false") boolean disabled, HttpServletResponse response,
                  Model model) {
        try {
            changeUser.change(name, null, roles(roles), disabled);
            return "redirect:" + pathOf(name) + "?changed";
        } catch (RequestRefused refused) {
            if (refused.reason() != RequestRefused.Reason.INVALID) {
                throw refused;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", refused.getMessage());
            return user(name, model);
        }
    }

    @PostMapping("/admin/users/{name}/tokens/{id}/revoke")
    String revoke(@PathVariable String name, @PathVariable String id) {
        revokeApiToken.revoke(name, id);
        return "redirect:" + pathOf(name) + "?revoked";
    }

    private static String pathOf(String name) {
        return UriComponentsBuilder.fromPath("/admin/users/{name}").buildAndExpand(name).encode().toUriString();
    }

    /** As the API reads them: no box ticked is no role, which the use case refuses with why. */
    private static Set<Role> roles(List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names == null ? List.<String>of() : names) {
            try {
                roles.add(Role.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                throw RequestRefused.invalid("'" + name + "' is not a role; roles are " + Arrays.toString(Role.values()));
            }
        }
        return roles;
    }
}
