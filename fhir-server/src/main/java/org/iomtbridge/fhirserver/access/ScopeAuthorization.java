package org.iomtbridge.fhirserver.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderAppliesTo;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.Optional;

/**
 * What an authenticated caller may do, as HAPI authorization rules: the {@code basic} user everything; a JWT client what
 * its SMART scopes allow — reading a type needs a read scope for it, creating, updating and deleting a write scope, and
 * every entry of a transaction or batch is checked as if it came alone. The capability statement is open to all.
 */
public final class ScopeAuthorization extends AuthorizationInterceptor {

    /** The authority of a caller that may do everything: the {@code basic} user. */
    static final String FULL_ACCESS = "FHIR_FULL_ACCESS";

    private static final String SCOPE_AUTHORITY = "SCOPE_";
    private static final String DENIED = "the access token's scopes do not allow this request: reading a resource type"
            + " needs system/<type>.read or .rs, creating, updating or deleting it system/<type>.write or .cud";

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        RuleBuilder rules = new RuleBuilder();
        rules.allow("the capability statement").metadata();
        List<String> authorities = Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
                .filter(Authentication::isAuthenticated).stream()
                .flatMap(authentication -> authentication.getAuthorities().stream())
                .map(GrantedAuthority::getAuthority).toList();
        if (authorities.contains(FULL_ACCESS)) {
            rules.allowAll("the basic user");
            return rules.build();
        }
        List<SmartScope> scopes = authorities.stream().filter(authority -> authority.startsWith(SCOPE_AUTHORITY))
                .map(authority -> authority.substring(SCOPE_AUTHORITY.length()))
                .flatMap(scope -> SmartScope.parse(scope).stream()).toList();
        if (!scopes.isEmpty()) {
            rules.allow("transactions and batches, entry by entry").transaction().withAnyOperation().andApplyNormalRules();
        }
        for (SmartScope scope : scopes) {
            String name = scope.resourceType();
            if (scope.read()) {
                of(rules.allow("read " + name).read(), scope).withAnyId();
            }
            if (scope.create()) {
                of(rules.allow("create " + name).create(), scope).withAnyId();
            }
            if (scope.update()) {
                // HAPI's write rule covers updates, which include an update that creates (PUT to a new id).
                of(rules.allow("update " + name).write(), scope).withAnyId();
            }
            if (scope.delete()) {
                of(rules.allow("delete " + name).delete(), scope).withAnyId();
            }
        }
        rules.denyAll(DENIED);
        return rules.build();
    }

    private static IAuthRuleBuilderRuleOpClassifier of(IAuthRuleBuilderAppliesTo<IAuthRuleBuilderRuleOpClassifier> rule,
                                                       SmartScope scope) {
        return scope.allResources() ? rule.allResources() : rule.resourcesOfType(scope.resourceType());
    }
}
