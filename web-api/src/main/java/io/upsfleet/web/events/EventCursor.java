package io.upsfleet.web.events;

import io.upsfleet.web.problem.ProblemException;

import java.time.Instant;

import static io.upsfleet.web.problem.Params.instantParam;
import static io.upsfleet.web.problem.Params.intParam;

/**
 * A page of the event log, newest first: {@code limit} events older than the cursor. The cursor is a
 * timestamp ({@code before}) plus the event id at that timestamp ({@code beforeId}), so events sharing a
 * timestamp are neither lost nor repeated between pages.
 */
public record EventCursor(int limit, Instant before, String beforeId) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    /** @throws ProblemException 400 naming the parameter at fault */
    public static EventCursor of(String limit, String before, String beforeId) {
        Instant b = instantParam("before", before);
        boolean hasId = beforeId != null && !beforeId.isBlank();
        if (hasId) {
            if (b == null) {
                throw ProblemException.badParameter("beforeId", "beforeId needs before");
            }
            if (beforeId.length() > 64) {
                throw ProblemException.badParameter("beforeId", "beforeId must be at most 64 characters");
            }
        }
        return new EventCursor(intParam("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT), b, hasId ? beforeId : null);
    }

    /** The cursor of the next page, whose newest event comes right after {@code last}, the oldest of this page. */
    public EventCursor after(EventView last) {
        return new EventCursor(limit, last.ts(), last.eventId());
    }
}
