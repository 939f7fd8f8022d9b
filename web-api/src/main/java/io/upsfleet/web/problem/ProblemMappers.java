package io.upsfleet.web.problem;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API leaves as application/problem+json (RFC 9457). */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String TYPE_BASE = "https://upsfleet.io/problems/";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableBody(StreamReadException e, UriInfo uri) {
        return respond(BodyProblems.of(e), uri);
    }

    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e, UriInfo uri) {
        return respond(BodyProblems.of(e), uri);
    }

    @ServerExceptionMapper
    public Response invalidBody(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(BodyProblems::aboutReturnValue)) {
            return unexpected(e, uri);
        }
        return respond(BodyProblems.invalid(e.getConstraintViolations()), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 401 || status == 403) {
            return e.getResponse(); // the security layer's own answer (with its challenge headers)
        }
        // Quarkus wraps some of Jackson's reading errors (malformed JSON, a number out of range) in a 400
        if (status == 400 && e.getCause() instanceof JacksonException unreadable) {
            return respond(BodyProblems.of(unreadable), uri);
        }
        String reason = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = status == 404 ? "no resource at " + uri.getPath()
                : status == 400 ? "the request is malformed: " + safeMessage(e)
                : e.getMessage();
        return respond(status, slug(reason), reason, detail, uri, null);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (e instanceof UnauthorizedException || e instanceof ForbiddenException || e instanceof AuthenticationFailedException) {
            return null; // let Quarkus security answer 401/403 with its challenge
        }
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(500, "internal-error", "Internal server error", "the request failed unexpectedly; see the server log", uri, null);
    }

    private static Response respond(ProblemException e, UriInfo uri) {
        return respond(e.status, e.slug, e.title, e.getMessage(), uri, e.parameter);
    }

    static Response respond(int status, String slug, String title, String detail, UriInfo uri, String parameter) {
        Problem body = new Problem(TYPE_BASE + slug, title, status, detail, uri == null ? null : uri.getRequestUri().getRawPath(), parameter);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static String slug(String reason) {
        return reason.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    private static String safeMessage(WebApplicationException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String msg = cause.getMessage();
        if (msg == null) {
            return "bad request";
        }
        int nl = msg.indexOf('\n');
        return nl > 0 ? msg.substring(0, nl) : msg;
    }
}
