package io.upsfleet.web.problem;

/** Thrown anywhere in a request to answer with a problem detail instead of a stack trace. */
public class ProblemException extends RuntimeException {

    public final int status;
    public final String slug;
    public final String title;
    public final String parameter;

    public ProblemException(int status, String slug, String title, String detail, String parameter) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.parameter = parameter;
    }

    public static ProblemException badParameter(String parameter, String detail) {
        return new ProblemException(400, "bad-parameter", "Invalid request parameter", detail, parameter);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, null);
    }

    public static ProblemException unknownUps(String id) {
        return notFound("no UPS with id '" + id + "'");
    }

    /** Authenticated, allowed the endpoint, but not this thing (a UPS outside the user's sites). */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, null);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "unavailable", "Service unavailable", detail, null);
    }

    /** A service web-api depends on gave an answer web-api cannot use. */
    public static ProblemException badGateway(String detail) {
        return new ProblemException(502, "bad-gateway", "Bad gateway", detail, null);
    }
}
