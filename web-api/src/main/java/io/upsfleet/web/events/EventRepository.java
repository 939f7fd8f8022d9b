package io.upsfleet.web.events;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import io.upsfleet.web.security.SiteScope;
import jakarta.inject.Inject;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads mib-service's {@code event} table (the event log). web-api never writes it. */
@ApplicationScoped
public class EventRepository {

    @Inject
    Pool pool;

    /**
     * Events older than the cursor, newest first (ties by id), of one UPS or (upsId null) of the fleet;
     * up to {@code limit} rows, so a caller asking for one more than its page learns whether there is a next.
     */
    public Uni<List<EventView>> page(String upsId, EventCursor c, int limit, SiteScope scope) {
        StringBuilder sql = new StringBuilder("SELECT event_id, ups_id, ts, kind, type, severity, message, details FROM event WHERE true");
        Tuple args = Tuple.tuple();
        if (upsId != null) {
            args.addString(upsId);
            sql.append(" AND ups_id = $").append(args.size());
        }
        if (!scope.everySite()) {
            // a documented read of mib-service's ups table: the sites of the UPS the caller may see
            args.addArrayOfString(scope.sites().toArray(new String[0]));
            sql.append(" AND ups_id IN (SELECT ups_id FROM ups WHERE site = ANY($").append(args.size()).append("))");
        }
        if (c.before() != null) {
            args.addOffsetDateTime(c.before().atOffset(ZoneOffset.UTC));
            int tsArg = args.size();
            if (c.beforeId() != null) {
                args.addString(c.beforeId());
                sql.append(" AND (ts, event_id) < ($").append(tsArg).append(", $").append(args.size()).append(")");
            } else {
                sql.append(" AND ts < $").append(tsArg);
            }
        }
        args.addInteger(limit);
        sql.append(" ORDER BY ts DESC, event_id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<EventView> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new EventView(r.getString("event_id"), r.getString("ups_id"), r.getOffsetDateTime("ts").toInstant(),
                        r.getString("kind"), r.getString("type"), r.getString("severity"), r.getString("message"),
                        json(r.getValue("details"))));
            }
            return out;
        });
    }

    private static Object json(Object value) {
        if (value instanceof JsonObject o) {
            return o.getMap();
        }
        if (value instanceof JsonArray a) {
            return a.getList();
        }
        return value;
    }
}
