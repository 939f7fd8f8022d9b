package io.upsfleet.web.command;

import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.CommandOutcome;
import io.upsfleet.contracts.CommandRequest;
import io.upsfleet.contracts.CommandResult;
import io.upsfleet.contracts.InvalidPayloadException;
import io.upsfleet.contracts.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code command} audit table, web-api's own (the only table of the database it writes), read
 * together with mib-service's {@code event} log for outcomes no web-api replica was there to store.
 */
@ApplicationScoped
public class CommandRepository {

    private static final Logger LOG = Logger.getLogger(CommandRepository.class);
    public static final String NOT_SENT = "NOT_SENT";
    public static final String PENDING = "PENDING";
    static final Set<CommandOutcome> FINAL = EnumSet.of(CommandOutcome.DONE, CommandOutcome.REJECTED,
            CommandOutcome.UNSUPPORTED, CommandOutcome.TIMEOUT);

    @Inject
    Pool pool;

    public Uni<Void> insert(CommandRequest r) {
        JsonObject args = new JsonObject();
        if (r.testMinutes() != null) {
            args.put("testMinutes", r.testMinutes());
        }
        if (r.shutdownMinutes() != null) {
            args.put("shutdownMinutes", r.shutdownMinutes());
        }
        if (r.restoreMinutes() != null) {
            args.put("restoreMinutes", r.restoreMinutes());
        }
        return pool.preparedQuery("INSERT INTO command (command_id, ups_id, command, args, requested_by, requested_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(List.of(r.commandId(), r.upsId(), r.command().name(), args, r.requestedBy(),
                        r.ts().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    public Uni<Void> markNotSent(String commandId, String why) {
        return pool.preparedQuery("UPDATE command SET outcome = $2, detail = $3, updated_at = now() WHERE command_id = $1")
                .execute(Tuple.of(commandId, NOT_SENT, why)).replaceWithVoid();
    }

    /**
     * Records a gateway answer. A final outcome is never overwritten, and an interim ACCEPTED that arrives
     * after a final one (redelivery, reordering) is ignored. Returns whether the row changed.
     */
    public Uni<Boolean> applyResult(CommandResult result) {
        String sql = result.outcome() == CommandOutcome.ACCEPTED
                ? "UPDATE command SET outcome = $2, detail = $3, updated_at = $4 WHERE command_id = $1 AND outcome IS NULL"
                : "UPDATE command SET outcome = $2, detail = $3, updated_at = $4 WHERE command_id = $1"
                + " AND (outcome IS NULL OR outcome = 'ACCEPTED')";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(result.commandId(), result.outcome().name(), result.detail(), result.ts().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<Optional<CommandView>> find(String commandId) {
        return pool.preparedQuery("SELECT * FROM command WHERE command_id = $1").execute(Tuple.of(commandId))
                .map(CommandRepository::views)
                .chain(this::withLoggedOutcomes)
                .map(views -> views.stream().findFirst());
    }

    public Uni<List<CommandView>> forUps(String upsId, int limit) {
        return pool.preparedQuery("SELECT * FROM command WHERE ups_id = $1 ORDER BY requested_at DESC, command_id DESC LIMIT $2")
                .execute(Tuple.of(upsId, limit))
                .map(CommandRepository::views)
                .chain(this::withLoggedOutcomes);
    }

    /**
     * Commands still waiting for a final outcome take it from mib-service's event log, which keeps every
     * result (kind COMMAND_RESULT, id {@link CommandResult#logId}): a result published while no web-api
     * replica was subscribed reached mib-service only. Looked up by the ids of the four final outcomes
     * (primary key); the first final outcome the gateway sent wins, as in {@link #applyResult}.
     */
    private Uni<List<CommandView>> withLoggedOutcomes(List<CommandView> views) {
        List<String> ids = new ArrayList<>();
        for (CommandView v : views) {
            if (!v.finished()) {
                FINAL.forEach(outcome -> ids.add(CommandResult.logId(v.commandId(), outcome.name())));
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().item(views);
        }
        return pool.preparedQuery("SELECT details FROM event WHERE event_id = ANY($1) AND kind = 'COMMAND_RESULT'")
                .execute(Tuple.tuple().addArrayOfString(ids.toArray(new String[0])))
                .map(rows -> {
                    Map<String, CommandResult> first = firstFinalResults(rows);
                    return views.stream().map(v -> {
                        CommandResult logged = v.finished() ? null : first.get(v.commandId());
                        return logged == null ? v : v.settledBy(logged);
                    }).toList();
                });
    }

    private static Map<String, CommandResult> firstFinalResults(RowSet<Row> rows) {
        Map<String, CommandResult> first = new HashMap<>();
        for (Row row : rows) {
            CommandResult result;
            try {
                result = Json.parse(String.valueOf(row.getValue("details")), CommandResult.class);
            } catch (InvalidPayloadException e) {
                LOG.warnf("ignoring an unreadable command result in the event log: %s", e.getMessage());
                continue;
            }
            if (FINAL.contains(result.outcome())) {
                first.merge(result.commandId(), result, (a, b) -> b.ts().isBefore(a.ts()) ? b : a);
            }
        }
        return first;
    }

    private static List<CommandView> views(RowSet<Row> rows) {
        List<CommandView> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(map(r)));
        return out;
    }

    private static CommandView map(Row r) {
        String outcome = r.getString("outcome");
        Object args = r.getValue("args");
        boolean finished = outcome != null && !outcome.equals(CommandOutcome.ACCEPTED.name());
        return new CommandView(r.getString("command_id"), r.getString("ups_id"), r.getString("command"),
                args instanceof JsonObject o ? o.getMap() : args, r.getString("requested_by"),
                r.getOffsetDateTime("requested_at").toInstant(), outcome == null ? PENDING : outcome, finished,
                r.getString("detail"), instant(r.getOffsetDateTime("updated_at")));
    }

    private static Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
