package io.upsfleet.web.security;

import io.upsfleet.web.problem.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Answers a throttled login (HTTP Basic or the dashboard's form) with 429, Retry-After and a problem body. */
@ApplicationScoped
public class LoginThrottleResponder {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            while (failure != null && !(failure instanceof LoginThrottledException) && failure.getCause() != failure) {
                failure = failure.getCause();
            }
            if (!(failure instanceof LoginThrottledException throttled) || ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            long seconds = throttled.retryAfterSeconds();
            JsonObject body = new JsonObject()
                    .put("type", "https://upsfleet.io/problems/too-many-failed-logins")
                    .put("title", "Too many failed logins")
                    .put("status", 429)
                    .put("detail", "too many failed logins for this user or from this address: logins are refused,"
                            + " even with the right password, for " + seconds + " s")
                    .put("instance", ctx.request().path())
                    .put("retryAfterSeconds", seconds);
            ctx.response().setStatusCode(429).putHeader("Retry-After", Long.toString(seconds));
            if (String.valueOf(ctx.request().getHeader("Accept")).contains("text/html")) {
                // the dashboard's login form, posted by a browser: a page to read, not JSON
                ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end("<!doctype html><html lang=\"en\"><head>"
                        + "<meta charset=\"utf-8\"><title>upsfleet login</title><link rel=\"stylesheet\" href=\"/app.css\"></head>"
                        + "<body class=\"login\"><div class=\"login-box\"><h1>upsfleet</h1><p id=\"login-throttled\" class=\"error\">"
                        + "Too many failed logins. Try again in " + seconds + " seconds.</p><a href=\"/login.html\">Back to the login page</a>"
                        + "</div></body></html>");
                return;
            }
            ctx.response().putHeader("Content-Type", Problem.MEDIA_TYPE).end(body.encode());
        });
    }
}
