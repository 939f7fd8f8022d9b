package io.upsfleet.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: serve a simulated fleet.
 * <pre>
 * java -jar ups-simulator-runner.jar [--units 5] [--base-port 10001] [--host 127.0.0.1]
 *      [--id-prefix ups-] [--control-port 8099] [--fleet-file fleet.csv]
 *      [--pty-dir /tmp/upsfleet-pty --pty-units 1] [--pack-voltage-every 3] [--first-index 1]
 * </pre>
 * {@code --fleet-file} writes one {@code id,uri} line per unit, the format the gateway reads. Units are
 * numbered from {@code --first-index}, so several simulator processes can serve one large fleet (each
 * unit costs two file descriptors: its listening socket and the gateway's connection).
 */
public final class SimulatorMain {

    public static void main(String[] args) throws Exception {
        int units = 5;
        int basePort = 10001;
        String host = "127.0.0.1";
        String prefix = "ups-";
        int controlPort = 8099;
        Path fleetFile = null;
        Path ptyDir = null;
        int ptyUnits = 1;
        int packEvery = 3;
        int firstIndex = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--units" -> units = Integer.parseInt(need(args[i], value));
                case "--base-port" -> basePort = Integer.parseInt(need(args[i], value));
                case "--host" -> host = need(args[i], value);
                case "--id-prefix" -> prefix = need(args[i], value);
                case "--control-port" -> controlPort = Integer.parseInt(need(args[i], value));
                case "--fleet-file" -> fleetFile = Path.of(need(args[i], value));
                case "--pty-dir" -> ptyDir = Path.of(need(args[i], value));
                case "--pty-units" -> ptyUnits = Integer.parseInt(need(args[i], value));
                case "--first-index" -> firstIndex = Integer.parseInt(need(args[i], value));
                case "--pack-voltage-every" -> packEvery = Integer.parseInt(need(args[i], value));
                case "--help", "-h" -> {
                    System.out.println("usage: see the javadoc of SimulatorMain or ups-simulator/README.md");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }

        MegatecSimulator simulator = new MegatecSimulator(host);
        List<String> fleet = new ArrayList<>();
        int nextPort = basePort;
        for (int n = firstIndex; n < firstIndex + units; n++) {
            // Every few units report the whole pack voltage instead of per cell, as real fleets mix both.
            boolean perCell = packEvery <= 0 || n % packEvery != 0;
            SimulatedUps ups = new SimulatedUps(prefix + n, perCell, 230.0, 50.0, 12, 900, 600);
            int port = addOnFreePort(simulator, ups, nextPort);
            nextPort = port + 1;
            fleet.add(ups.id() + ",tcp://" + host + ":" + port);
        }
        simulator.startClock();
        PtyBridge ptys = new PtyBridge();
        if (ptyDir != null) {
            if (PtyBridge.socatAvailable()) {
                int n = 0;
                for (SimulatedUps ups : simulator.units()) {
                    if (n++ >= ptyUnits) {
                        break;
                    }
                    Path link = ptys.open(ptyDir.resolve(ups.id()), host, simulator.port(ups.id()));
                    System.out.println("pty " + link + " -> " + ups.id());
                }
            } else {
                System.out.println("socat not found: no pty units (install socat to get them)");
            }
        }
        ControlApi control = new ControlApi(simulator);
        int boundControl = control.start(host, controlPort);
        if (fleetFile != null) {
            writeFleet(fleetFile, fleet);
        }
        System.out.printf("simulating %d UPS units on %s:%d..%d, control API http://%s:%d/units%n",
                units, host, basePort, nextPort - 1, host, boundControl);

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ptys.close();
            control.close();
            simulator.close();
            stop.countDown();
        }));
        stop.await();
    }

    /** Ports taken by other services (e.g. 25672 of RabbitMQ) are skipped; the fleet file has the real ones. */
    private static int addOnFreePort(MegatecSimulator simulator, SimulatedUps ups, int from) {
        IllegalStateException last = null;
        for (int port = from; port < from + 100 && port < 65536; port++) {
            try {
                return simulator.add(ups, port);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void writeFleet(Path file, List<String> lines) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        List<String> out = new ArrayList<>();
        out.add("# id,uri - written by ups-simulator");
        out.addAll(lines);
        // Written aside and moved into place, so whoever waits for the file never reads half of it.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
