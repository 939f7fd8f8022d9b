package io.upsfleet.mib.ingest;

import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.EventLogEntry;
import io.upsfleet.contracts.Identity;
import io.upsfleet.contracts.Json;
import io.upsfleet.contracts.Reading;
import io.upsfleet.contracts.StatusFlags;
import io.upsfleet.contracts.UpsStatus;
import io.upsfleet.mib.MibConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The ingest writes, each a single set-based statement over arrays ({@code unnest}) so a batch of any
 * size costs one round trip, and each idempotent so a redelivered message changes nothing:
 * readings by (ups_id, ts), events by event_id, latest state only when newer. mib-service owns the tables
 * written here ({@code ups}, {@code reading}, {@code event}; dead letters and gateways: {@link IngestRecords});
 * the {@code command} audit is web-api's.
 */
@ApplicationScoped
public class FleetStore {

    /** Separates status tokens inside one text value (tokens never contain control characters). */
    private static final String TOKEN_SEPARATOR = "\u001f";

    private static final String INSERT_READINGS = """
            WITH input AS (
              SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::float8[], $5::float8[],
                                   $6::float8[], $7::int4[], $8::float8[], $9::float8[], $10::float8[], $11::text[],
                                   $12::float8[], $13::int4[])
                AS t(ups_id, gateway_id, ts, input_voltage, input_fault_voltage, output_voltage, load_percent,
                     input_frequency, battery_voltage, temperature, flags, battery_charge, runtime_seconds)
            ), stored AS (
              INSERT INTO reading (ups_id, ts, input_voltage, input_fault_voltage, output_voltage, load_percent,
                                   input_frequency, battery_voltage, temperature, flags, battery_charge, runtime_seconds)
              SELECT ups_id, ts, input_voltage, input_fault_voltage, output_voltage, load_percent,
                     input_frequency, battery_voltage, temperature, flags, battery_charge, runtime_seconds
              FROM input ORDER BY ups_id, ts
              ON CONFLICT (ups_id, ts) DO NOTHING
              RETURNING 1
            ), latest AS (
              INSERT INTO ups AS u (ups_id, gateway_id, last_reading_ts, input_voltage, input_fault_voltage,
                                    output_voltage, load_percent, input_frequency, battery_voltage, temperature,
                                    battery_charge, runtime_seconds)
              SELECT DISTINCT ON (ups_id) ups_id, gateway_id, ts, input_voltage, input_fault_voltage,
                     output_voltage, load_percent, input_frequency, battery_voltage, temperature,
                     battery_charge, runtime_seconds
              FROM input ORDER BY ups_id, ts DESC
              ON CONFLICT (ups_id) DO UPDATE SET
                gateway_id = EXCLUDED.gateway_id, last_reading_ts = EXCLUDED.last_reading_ts,
                input_voltage = EXCLUDED.input_voltage, input_fault_voltage = EXCLUDED.input_fault_voltage,
                output_voltage = EXCLUDED.output_voltage, load_percent = EXCLUDED.load_percent,
                input_frequency = EXCLUDED.input_frequency, battery_voltage = EXCLUDED.battery_voltage,
                temperature = EXCLUDED.temperature, battery_charge = EXCLUDED.battery_charge,
                runtime_seconds = EXCLUDED.runtime_seconds, updated_at = now()
              WHERE u.last_reading_ts IS NULL OR u.last_reading_ts < EXCLUDED.last_reading_ts
                 OR u.last_reading_ts > now() + make_interval(secs => $14)
              RETURNING 1
            )
            SELECT (SELECT count(*) FROM stored) AS stored
            """;

    private static final String UPSERT_STATUS = """
            WITH input AS (
              SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::text[], $5::text[], $6::text[])
                AS t(ups_id, gateway_id, ts, comm, flags, status)
            )
            INSERT INTO ups AS u (ups_id, gateway_id, comm, flags, status, status_ts)
            SELECT DISTINCT ON (ups_id) ups_id, gateway_id, comm, flags,
                   coalesce(string_to_array(nullif(status, ''), chr(31)), '{}'), ts
            FROM input ORDER BY ups_id, ts DESC
            ON CONFLICT (ups_id) DO UPDATE SET
              gateway_id = EXCLUDED.gateway_id, comm = EXCLUDED.comm,
              flags = coalesce(EXCLUDED.flags, u.flags), status = EXCLUDED.status,
              status_ts = EXCLUDED.status_ts, updated_at = now()
            WHERE u.status_ts IS NULL OR u.status_ts <= EXCLUDED.status_ts
               OR u.status_ts > now() + make_interval(secs => $7)
            """;

    private static final String UPSERT_IDENTITY = """
            WITH input AS (
              SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                                   $7::float8[], $8::float8[], $9::float8[], $10::float8[])
                AS t(ups_id, gateway_id, ts, manufacturer, model, firmware, rated_voltage, rated_current,
                     nominal_battery_voltage, rated_frequency)
            )
            INSERT INTO ups AS u (ups_id, gateway_id, identity_ts, manufacturer, model, firmware, rated_voltage,
                                  rated_current, nominal_battery_voltage, rated_frequency)
            SELECT DISTINCT ON (ups_id) ups_id, gateway_id, ts, left(manufacturer, 64), left(model, 64),
                   left(firmware, 64), rated_voltage, rated_current, nominal_battery_voltage, rated_frequency
            FROM input ORDER BY ups_id, ts DESC
            ON CONFLICT (ups_id) DO UPDATE SET
              gateway_id = EXCLUDED.gateway_id, identity_ts = EXCLUDED.identity_ts,
              manufacturer = EXCLUDED.manufacturer, model = EXCLUDED.model, firmware = EXCLUDED.firmware,
              rated_voltage = EXCLUDED.rated_voltage, rated_current = EXCLUDED.rated_current,
              nominal_battery_voltage = EXCLUDED.nominal_battery_voltage, rated_frequency = EXCLUDED.rated_frequency,
              updated_at = now()
            WHERE u.identity_ts IS NULL OR u.identity_ts <= EXCLUDED.identity_ts
               OR u.identity_ts > now() + make_interval(secs => $11)
            """;

    private static final String INSERT_EVENTS = """
            INSERT INTO event (event_id, ups_id, ts, kind, type, severity, message, details)
            SELECT event_id, ups_id, ts, kind, type, severity, message, details::jsonb
            FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::varchar[], $5::varchar[],
                        $6::varchar[], $7::text[], $8::text[])
              AS t(event_id, ups_id, ts, kind, type, severity, message, details)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private final Pool pool;
    /**
     * A stored "latest" timestamp further ahead than this is a wrong clock's: the next message replaces it
     * (heals a UPS frozen before timestamps were bounded).
     */
    private final double futureSkewSeconds;

    public FleetStore(Pool pool, MibConfig config) {
        this.pool = pool;
        this.futureSkewSeconds = config.time().maxFuture().toMillis() / 1000.0;
    }

    /** Stores readings; the result is how many rows were new (the rest were redeliveries). */
    public Uni<Long> storeReadings(List<Reading> readings) {
        int n = readings.size();
        String[] ups = new String[n];
        String[] gw = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        Double[] inV = new Double[n];
        Double[] inFaultV = new Double[n];
        Double[] outV = new Double[n];
        Integer[] load = new Integer[n];
        Double[] freq = new Double[n];
        Double[] battV = new Double[n];
        Double[] temp = new Double[n];
        String[] flags = new String[n];
        Double[] charge = new Double[n];
        Integer[] runtime = new Integer[n];
        for (int i = 0; i < n; i++) {
            Reading r = readings.get(i);
            ups[i] = r.upsId();
            gw[i] = r.gatewayId();
            ts[i] = utc(r.ts());
            inV[i] = r.inputVoltage();
            inFaultV[i] = r.inputFaultVoltage();
            outV[i] = r.outputVoltage();
            load[i] = r.loadPercent();
            freq[i] = r.inputFrequency();
            battV[i] = r.batteryVoltage();
            temp[i] = r.temperature();
            flags[i] = r.flags();
            charge[i] = r.batteryCharge();
            runtime[i] = r.runtimeSeconds();
        }
        Tuple args = Tuple.tuple().addArrayOfString(ups).addArrayOfString(gw).addArrayOfOffsetDateTime(ts)
                .addArrayOfDouble(inV).addArrayOfDouble(inFaultV).addArrayOfDouble(outV).addArrayOfInteger(load)
                .addArrayOfDouble(freq).addArrayOfDouble(battV).addArrayOfDouble(temp).addArrayOfString(flags)
                .addArrayOfDouble(charge).addArrayOfInteger(runtime).addDouble(futureSkewSeconds);
        return pool.preparedQuery(INSERT_READINGS).execute(args)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getLong("stored");
                });
    }

    public Uni<Void> storeStatus(List<UpsStatus> statuses) {
        int n = statuses.size();
        String[] ups = new String[n];
        String[] gw = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[] comm = new String[n];
        String[] flags = new String[n];
        String[] status = new String[n];
        for (int i = 0; i < n; i++) {
            UpsStatus s = statuses.get(i);
            ups[i] = s.upsId();
            gw[i] = s.gatewayId();
            ts[i] = utc(s.ts());
            comm[i] = s.comm().name();
            flags[i] = s.flags();
            // A status without tokens but with flags gets the tokens the contract derives from the flags.
            List<String> tokens = s.status().isEmpty() && s.flags() != null
                    ? StatusFlags.parse(s.flags()).nutTokens() : s.status();
            status[i] = String.join(TOKEN_SEPARATOR, tokens);
        }
        return pool.preparedQuery(UPSERT_STATUS).execute(Tuple.tuple().addArrayOfString(ups).addArrayOfString(gw)
                .addArrayOfOffsetDateTime(ts).addArrayOfString(comm).addArrayOfString(flags).addArrayOfString(status)
                .addDouble(futureSkewSeconds))
                .replaceWithVoid();
    }

    public Uni<Void> storeIdentities(List<Identity> identities) {
        int n = identities.size();
        String[] ups = new String[n];
        String[] gw = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[] mfr = new String[n];
        String[] model = new String[n];
        String[] fw = new String[n];
        Double[] ratedV = new Double[n];
        Double[] ratedI = new Double[n];
        Double[] nomBattV = new Double[n];
        Double[] ratedF = new Double[n];
        for (int i = 0; i < n; i++) {
            Identity id = identities.get(i);
            ups[i] = id.upsId();
            gw[i] = id.gatewayId();
            ts[i] = utc(id.ts());
            mfr[i] = id.manufacturer();
            model[i] = id.model();
            fw[i] = id.firmware();
            ratedV[i] = id.ratedVoltage();
            ratedI[i] = id.ratedCurrent();
            nomBattV[i] = id.nominalBatteryVoltage();
            ratedF[i] = id.ratedFrequency();
        }
        return pool.preparedQuery(UPSERT_IDENTITY).execute(Tuple.tuple().addArrayOfString(ups).addArrayOfString(gw)
                .addArrayOfOffsetDateTime(ts).addArrayOfString(mfr).addArrayOfString(model).addArrayOfString(fw)
                .addArrayOfDouble(ratedV).addArrayOfDouble(ratedI).addArrayOfDouble(nomBattV).addArrayOfDouble(ratedF)
                .addDouble(futureSkewSeconds))
                .replaceWithVoid();
    }

    /** Alarm edges, command requests and command results: each becomes one row of the event log. */
    public Uni<Void> storeEvents(List<? extends EventLogEntry> entries) {
        int n = entries.size();
        String[] id = new String[n];
        String[] ups = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[] kind = new String[n];
        String[] type = new String[n];
        String[] severity = new String[n];
        String[] message = new String[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            EventLogEntry e = entries.get(i);
            id[i] = e.logId();
            ups[i] = e.upsId();
            ts[i] = utc(e.ts());
            kind[i] = e.logKind();
            type[i] = e.logType();
            severity[i] = e.logSeverity().name();
            message[i] = e.logMessage();
            details[i] = Json.toString(e);
        }
        return pool.preparedQuery(INSERT_EVENTS).execute(Tuple.tuple().addArrayOfString(id)
                .addArrayOfString(ups).addArrayOfOffsetDateTime(ts).addArrayOfString(kind).addArrayOfString(type)
                .addArrayOfString(severity).addArrayOfString(message).addArrayOfString(details)).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
