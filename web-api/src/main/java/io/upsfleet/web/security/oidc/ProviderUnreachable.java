package io.upsfleet.web.security.oidc;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationException;
import io.upsfleet.web.problem.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * While the OIDC provider cannot be reached, quarkus-oidc fails every API request it looks at, even one
 * without any credentials, with an OIDCException (else a 500). A request without an Authorization header
 * is answered as it would be with the provider up, 401 (with the Basic challenge), so managed users and the
 * dashboard are not disturbed; one that carries a bearer token cannot be checked: 503. The failure shows up
 * in the REST layer (mapper below) or, for the challenge of an anonymous request, in the router (handler).
 */
@ApplicationScoped
public class ProviderUnreachable {

    private static final Logger LOG = Logger.getLogger(ProviderUnreachable.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            // a token that fails its checks comes as an AuthenticationFailedException caused by an OIDCException:
            // that is a 401 for Quarkus to answer, not an unreachable provider
            while (failure != null && !(failure instanceof OIDCException) && !(failure instanceof AuthenticationException)
                    && failure.getCause() != failure) {
                failure = failure.getCause();
            }
            if (!(failure instanceof OIDCException) || ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            boolean anonymous = ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null;
            if (!anonymous) {
                LOG.warnf("OIDC provider unreachable, bearer token on %s not checked: %s", ctx.request().path(), failure.getMessage());
            }
            JsonObject body = anonymous ? problem(401, ctx.request().path()) : problem(503, ctx.request().path());
            if (!anonymous) {
                ctx.response().putHeader("Retry-After", "30");
            }
            ctx.response().setStatusCode(body.getInteger("status")).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body.encode());
        });
    }

    private static JsonObject problem(int status, String path) {
        return status == 401
                ? new JsonObject().put("type", "https://upsfleet.io/problems/unauthorized").put("title", "Unauthorized")
                .put("status", 401).put("detail", "log in: HTTP Basic, the dashboard's login page, or a bearer token").put("instance", path)
                : new JsonObject().put("type", "https://upsfleet.io/problems/sso-unavailable").put("title", "Single sign-on unavailable")
                .put("status", 503).put("detail", "the OIDC provider cannot be reached, so the token cannot be checked; try again later")
                .put("instance", path);
    }

    @ServerExceptionMapper
    public Response unreachable(OIDCException e, UriInfo uri, HttpHeaders headers) {
        String path = uri.getRequestUri().getRawPath();
        if (headers.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            return Response.status(401).type(Problem.MEDIA_TYPE).entity(new Problem("https://upsfleet.io/problems/unauthorized",
                    "Unauthorized", 401, "log in: HTTP Basic, the dashboard's login page, or a bearer token", path, null)).build();
        }
        LOG.warnf("OIDC provider unreachable, bearer token on %s not checked: %s", path, e.getMessage());
        return Response.status(503).header("Retry-After", "30").type(Problem.MEDIA_TYPE).entity(new Problem(
                "https://upsfleet.io/problems/sso-unavailable", "Single sign-on unavailable", 503,
                "the OIDC provider cannot be reached, so the token cannot be checked; try again later", path, null)).build();
    }
}
