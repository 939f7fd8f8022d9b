package io.upsfleet.alert.api;

import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** Error answers as {@code application/problem+json}, and the parameter checks the resources share. */
public final class Problems {

    public record Problem(int status, String title, String detail) {
    }

    static final int MAX_LIMIT = 5000;

    private Problems() {
    }

    static Response badParameter(String detail) {
        return problem(400, "Bad parameter", detail);
    }

    static Response notFound(String detail) {
        return problem(404, "Not found", detail);
    }

    /** The {@code limit} parameter: 1..{@value #MAX_LIMIT}, {@code fallback} if absent; null if out of range. */
    static Integer limit(Integer limit, int fallback) {
        int n = limit == null ? fallback : limit;
        return n < 1 || n > MAX_LIMIT ? null : n;
    }

    static Response badLimit(Integer limit) {
        return badParameter("limit must be 1.." + MAX_LIMIT + " but was " + limit);
    }

    /** An alert id, or null if it is not a UUID. */
    static UUID alertId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Response badAlertId(String id) {
        return badParameter("alert id must be a UUID but was '" + id + "'");
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json").entity(new Problem(status, title, detail)).build();
    }
}
