-- 10,000 UPS rows (a mix of states) and one hour of 1 s readings for bench-00001.
TRUNCATE ups, reading;
INSERT INTO ups (ups_id, gateway_id, name, site, tags, manufacturer, model, firmware, rated_voltage, rated_current,
                 nominal_battery_voltage, rated_frequency, comm, flags, status, status_ts, last_reading_ts,
                 input_voltage, input_fault_voltage, output_voltage, load_percent, input_frequency, battery_voltage,
                 temperature, battery_charge, runtime_seconds)
SELECT 'bench-' || lpad(i::text, 5, '0'), 'gw-' || (i % 20), 'UPS ' || i, 'site-' || (i % 50),
       ARRAY['rack-' || (i % 10), CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END],
       'ACME', 'Q1-1000', 'V1.0', 230, 5, 24, 50,
       CASE WHEN i % 97 = 0 THEN 'LOST' ELSE 'OK' END,
       CASE WHEN i % 31 = 0 THEN '10001000' ELSE '00001000' END,
       CASE WHEN i % 31 = 0 THEN ARRAY['OB'] ELSE ARRAY['OL'] END,
       now(), now(), 229.5, 140, 230.1, i % 100, 50.0, 27.3, 35.0, 91, 1200
FROM generate_series(1, 10000) AS i;
INSERT INTO reading (ups_id, ts, input_voltage, input_fault_voltage, output_voltage, load_percent, input_frequency,
                     battery_voltage, temperature, flags, battery_charge, runtime_seconds)
SELECT 'bench-00001', now() - make_interval(secs => s), 225 + 5 * sin(s / 60.0), 140, 230, 30 + (s % 20), 50,
       27.2, 30, '00001000', 90, 1200
FROM generate_series(1, 3600) AS s;
ANALYZE ups;
ANALYZE reading;
