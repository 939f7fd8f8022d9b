package io.upsfleet.web.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit log of the dashboard and REST API (table {@code web_audit}, web-api's own): every login,
 * failed or throttled login, user change and command submission, with who, when, from which address and
 * what. Append-only; read by admins newest first.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    public static final String LOGIN = "LOGIN";
    public static final String LOGIN_FAILED = "LOGIN_FAILED";
    public static final String LOGIN_THROTTLED = "LOGIN_THROTTLED";
    public static final String USER_ADDED = "USER_ADDED";
    public static final String USER_DISABLED = "USER_DISABLED";
    public static final String USER_ENABLED = "USER_ENABLED";
    public static final String PASSWORD_RESET = "PASSWORD_RESET";
    public static final String ROLE_CHANGED = "ROLE_CHANGED";
    public static final String SITES_CHANGED = "SITES_CHANGED";
    public static final String COMMAND = "COMMAND";

    private final Pool pool;

    public AuditLog(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> record(String actor, String address, String action, String target, String detail) {
        return pool.preparedQuery("INSERT INTO web_audit (actor, address, action, target, detail) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(cut(actor, 128), cut(address, 64), action, cut(target, 128), cut(detail, 2000)))
                .replaceWithVoid();
    }

    /** For the login path, which must not wait for (or fail on) the audit insert: a failure is logged. */
    public void recordLater(String actor, String address, String action, String target, String detail) {
        record(actor, address, action, target, detail).subscribe().with(ok -> {
        }, e -> LOG.errorf("audit entry %s for %s not stored: %s", action, actor, e.toString()));
    }

    /** Entries older than {@code beforeId} (null: the newest), newest first, up to {@code limit}, optionally of one actor/action. */
    public Uni<List<AuditEntry>> page(Long beforeId, int limit, String actor, String action) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, address, action, target, detail FROM web_audit WHERE true");
        Tuple args = Tuple.tuple();
        if (beforeId != null) {
            args.addLong(beforeId);
            sql.append(" AND id < $").append(args.size());
        }
        if (actor != null) {
            args.addString(actor);
            sql.append(" AND actor = $").append(args.size());
        }
        if (action != null) {
            args.addString(action);
            sql.append(" AND action = $").append(args.size());
        }
        args.addInteger(limit);
        sql.append(" ORDER BY id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<AuditEntry> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new AuditEntry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(), r.getString("actor"),
                        r.getString("address"), r.getString("action"), r.getString("target"), r.getString("detail")));
            }
            return out;
        });
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
