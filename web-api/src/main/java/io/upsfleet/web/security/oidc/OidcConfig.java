package io.upsfleet.web.security.oidc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/**
 * Optional single sign-on with an OpenID Connect provider ({@code upsfleet.oidc.*}, env UPSFLEET_OIDC_...).
 * Off unless {@link #authServerUrl()} is set ({@link OidcConfigSourceFactory}); then API clients may send a
 * bearer access token of that provider, and its claims give the role and the site scope.
 */
@ConfigMapping(prefix = "upsfleet.oidc")
public interface OidcConfig {

    /** The provider's issuer URL (discovery at {@code <url>/.well-known/openid-configuration}); unset = OIDC off. */
    Optional<String> authServerUrl();

    /** This application's client id at the provider. */
    @WithDefault("upsfleet")
    String clientId();

    /** Claim holding the role values (a string or an array; "a/b" = claim b inside object claim a). */
    @WithDefault("groups")
    String rolesClaim();

    /** Claim holding the sites (values of ups.site) the token may see and command; absent or empty = every site. */
    @WithDefault("sites")
    String sitesClaim();

    /**
     * Claim value → role (viewer, operator, admin), e.g. {@code upsfleet.oidc.role-map.ups-operators=operator}.
     * Only mapped values count; a token with none of them holds no role (every API request: 403). With
     * several, the highest role wins.
     */
    Map<String, String> roleMap();
}
