package io.upsfleet.web.security;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * With form login and Basic both enabled, Quarkus answers an anonymous API call with a bare 401. API
 * clients that wait for a challenge (curl --anyauth, Java's Authenticator, Swagger UI in a browser) need
 * {@code WWW-Authenticate: Basic}, so it is added here, except for the dashboard's own requests
 * (X-Requested-With: XMLHttpRequest, SSE), which go to the login page instead of a browser password popup.
 */
@ApplicationScoped
public class BasicChallenge {

    static final String CHALLENGE = "Basic realm=\"upsfleet\", charset=\"UTF-8\"";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> {
                var response = ctx.response();
                if (response.getStatusCode() == 401 && !response.headers().contains("WWW-Authenticate")
                        && !"XMLHttpRequest".equals(ctx.request().getHeader("X-Requested-With"))
                        && !String.valueOf(ctx.request().getHeader("Accept")).contains("text/event-stream")) {
                    response.putHeader("WWW-Authenticate", CHALLENGE);
                }
            });
            ctx.next();
        });
    }
}
