package io.upsfleet.nut.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Debian's NUT clients (package nut-client: upsc, upscmd, upsrw) run as processes against nut-server. */
public final class NutTools {

    /** What a run printed, and how it ended. */
    public record Run(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private NutTools() {
    }

    public static Run upsc(String... args) {
        return run(tool("upsc"), args);
    }

    public static Run upscmd(String... args) {
        return run(tool("upscmd"), args);
    }

    public static Run upsrw(String... args) {
        return run(tool("upsrw"), args);
    }

    private static String tool(String name) {
        for (String dir : List.of("/bin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        throw new IllegalStateException(name + " is missing: install Debian's nut-client (bash scripts/ensure-infra.sh does)");
    }

    static Run run(String tool, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("nut-out", ".txt");
            Path err = Files.createTempFile("nut-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            // a private, empty NUT config directory: nothing of the machine's /etc/nut is read
            Path conf = Files.createTempDirectory("nut-conf");
            pb.environment().putAll(Map.of("NUT_CONFPATH", conf.toString()));
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not finish within 20 s");
            }
            Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(conf);
            return run;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
