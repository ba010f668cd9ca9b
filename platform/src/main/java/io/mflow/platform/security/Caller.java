package io.mflow.platform.security;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Who is calling, the same whether they came with an API token or a JWT from the SSO issuer (both become an
 * {@link OAuth2AuthenticatedPrincipal}). A service passes the name on to its domain as a plain value (who created a
 * job, who triggered a run). {@code roles} are the roles granted, not those they include: an admin shows
 * {@code [ADMIN]}, and {@link #is} answers what they may do.
 */
public record Caller(String name, String email, Set<Role> roles) {

    /** The principal's attribute that holds the e-mail address, for API tokens and SSO tokens alike. */
    public static final String EMAIL = "email";
    /** The principal's attribute naming the SSO issuer; API tokens have none. */
    public static final String ISSUER = "iss";

    /** Roles iterate from VIEWER to ADMIN, so a caller shows the same wherever it is printed. */
    public Caller {
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
    }

    /** Whether the caller holds the role or one that includes it (an ADMIN is a VIEWER). */
    public boolean is(Role role) {
        return roles.stream().anyMatch(held -> held.compareTo(role) >= 0);
    }

    /** Whether the caller came with a JWT of the SSO issuer rather than an API token of a local user. */
    public static boolean cameThroughSingleSignOn(Authentication authentication) {
        return authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
                && principal.getAttribute(ISSUER) != null;
    }

    public static Caller of(Authentication authentication) {
        Set<Role> roles = roles(authentication.getAuthorities());
        String email = authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
                && principal.getAttribute(EMAIL) instanceof String address ? address : null;
        return new Caller(authentication.getName(), email, roles);
    }

    private static Set<Role> roles(Collection<? extends GrantedAuthority> authorities) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authorities) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                Role.parse(name.substring(5)).ifPresent(roles::add);
            }
        }
        return roles;
    }
}
