package io.mflow.platform.security;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Who is calling, the same whether they came with an API token or a JWT from the SSO issuer (both become an
 * {@link OAuth2AuthenticatedPrincipal}). A service passes the name on to its domain as a plain value (who created a
 * job, who triggered a run). {@code roles} are the roles granted, not those they include: an admin shows
 * {@code [ADMIN]}, and {@link #is} answers what they may do.
 *
 * @param agent what the caller's API token may claim as an agent ({@link AgentBinding}); null for a token without
 *              one and for every SSO caller
 * @param namespaceRoles roles held in one namespace only, beside {@code roles} (a local user's, from task-service;
 *                       none for an SSO caller)
 */
public record Caller(String name, String email, Set<Role> roles, AgentBinding agent,
                     Map<String, Role> namespaceRoles) {

    /** The principal's attribute that holds the e-mail address, for API tokens and SSO tokens alike. */
    public static final String EMAIL = "email";
    /** The principal's attribute naming the SSO issuer; API tokens have none. */
    public static final String ISSUER = "iss";
    /** The principal's attribute holding the token's {@link AgentBinding}; only a checked API token sets it. */
    public static final String AGENT = "mflow.agent";
    /** The principal's attribute holding the caller's namespace roles; only a checked API token sets it. */
    public static final String NAMESPACE_ROLES = "mflow.namespaceRoles";

    /** Roles iterate from VIEWER to ADMIN, so a caller shows the same wherever it is printed. */
    public Caller {
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
        namespaceRoles = namespaceRoles == null ? Map.of() : Map.copyOf(namespaceRoles);
    }

    public Caller(String name, String email, Set<Role> roles, AgentBinding agent) {
        this(name, email, roles, agent, Map.of());
    }

    public Caller(String name, String email, Set<Role> roles) {
        this(name, email, roles, null);
    }

    /** Whether the caller holds the role everywhere, or in {@code namespace}. */
    public boolean is(Role role, String namespace) {
        return is(role) || (namespaceRoles.containsKey(namespace) && namespaceRoles.get(namespace).includes(role));
    }

    /** Whether the caller holds the role everywhere or in at least one namespace. */
    public boolean isSomewhere(Role role) {
        return is(role) || namespaceRoles.values().stream().anyMatch(held -> held.includes(role));
    }

    /** Whether the caller holds the role or one that includes it (an ADMIN is a VIEWER). */
    public boolean is(Role role) {
        return roles.stream().anyMatch(held -> held.includes(role));
    }

    /** Whether the caller came with a JWT of the SSO issuer rather than an API token of a local user. */
    public static boolean cameThroughSingleSignOn(Authentication authentication) {
        return authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
                && principal.getAttribute(ISSUER) != null;
    }

    /**
     * Who the caller is wherever mflow compares people (a gate's auditors and checkers, who started a run, the audit
     * trail): a local user's name as it is ({@code alice}), and for a single sign-on caller their name, {@code @} and
     * the issuer that vouches for it ({@code alice@https://sso.example.com/realms/main}). A name is only as good as
     * whoever hands it out: the issuer's {@code alice} is whoever the issuer says, which need not be the person an
     * admin made local user {@code alice} for. Local names cannot hold {@code :} or {@code /}, which every issuer
     * URL has, so no local name is ever an SSO identity.
     */
    public static String identityOf(Authentication authentication) {
        if (authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
                && principal.getAttribute(ISSUER) instanceof String issuer) {
            return authentication.getName() + "@" + issuer;
        }
        return authentication.getName();
    }

    /**
     * The caller as the principal of an authenticated request, the one shape {@link #of} reads back, whatever
     * checked the token.
     *
     * @param issuer the SSO issuer that signed the caller's JWT; null for an API token
     */
    public OAuth2AuthenticatedPrincipal toPrincipal(String issuer) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("name", name);
        if (email != null) {
            attributes.put(EMAIL, email);
        }
        if (issuer != null) {
            attributes.put(ISSUER, issuer);
        }
        if (agent != null) {
            attributes.put(AGENT, agent);
        }
        if (!namespaceRoles.isEmpty()) {
            attributes.put(NAMESPACE_ROLES, namespaceRoles);
        }
        List<GrantedAuthority> authorities = roles.stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority())).toList();
        return new DefaultOAuth2AuthenticatedPrincipal(name, attributes, authorities);
    }

    public static Caller of(Authentication authentication) {
        Set<Role> roles = roles(authentication.getAuthorities());
        String email = authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
                && principal.getAttribute(EMAIL) instanceof String address ? address : null;
        AgentBinding agent = authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
                && principal.getAttribute(AGENT) instanceof AgentBinding bound ? bound : null;
        Map<String, Role> namespaceRoles = new HashMap<>();
        if (authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
                && principal.getAttribute(NAMESPACE_ROLES) instanceof Map<?, ?> held) {
            held.forEach((namespace, role) -> {
                if (namespace instanceof String name && role instanceof Role granted) {
                    namespaceRoles.put(name, granted);
                }
            });
        }
        return new Caller(authentication.getName(), email, roles, agent, namespaceRoles);
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
