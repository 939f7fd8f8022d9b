package io.upsfleet.alert.bench;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.upsfleet.alert.Alarms;
import io.upsfleet.alert.Receivers;
import io.upsfleet.contracts.AlarmType;
import io.upsfleet.testsupport.InfraResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alarm -> email latency: K RAISED edges published via Mosquitto to the in-JVM alert-service, each timed
 * until its email is in GreenMail on loopback. Not part of mvn verify (the name does not end in Test);
 * run: {@code mvn -B verify -Dtest=AlertLatencyBench -Dbench.alarms=300 -Dbench.rate=50}
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = Alarms.DATABASE))
@QuarkusTestResource(Receivers.class)
class AlertLatencyBench {

    @Test
    void alarmToEmailLatency() throws Exception {
        int k = Integer.getInteger("bench.alarms", 300);
        int rate = Integer.getInteger("bench.rate", 50);
        String run = Alarms.upsId("bench");
        warmUp(run);

        Map<String, Long> published = new HashMap<>();
        Map<String, Long> received = new HashMap<>();
        java.util.regex.Pattern numbered = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(run) + "-\\d+");
        Thread watcher = new Thread(() -> {
            int seen = 0;
            while (!Thread.currentThread().isInterrupted()) {
                if (!Receivers.awaitMails(seen + 1, 200)) {
                    continue;
                }
                long at = System.nanoTime();
                List<String> subjects = Receivers.subjectsFrom(seen);
                seen += subjects.size();
                for (String subject : subjects) {
                    java.util.regex.Matcher ups = numbered.matcher(subject);
                    if (ups.find()) {
                        synchronized (received) {
                            received.putIfAbsent(ups.group(), at);
                        }
                    }
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();

        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < k; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            String ups = run + "-" + i;
            synchronized (published) {
                published.put(ups, System.nanoTime());
            }
            Alarms.raise(ups, AlarmType.OVERLOAD);
        }
        await().atMost(Duration.ofSeconds(60 + k / 10)).until(() -> {
            synchronized (received) {
                return received.size() >= k;
            }
        });
        long end = System.nanoTime();
        watcher.interrupt();

        List<Double> ms = new ArrayList<>();
        synchronized (received) {
            for (Map.Entry<String, Long> e : published.entrySet()) {
                ms.add((received.get(e.getKey()) - e.getValue()) / 1e6);
            }
        }
        Collections.sort(ms);
        System.out.printf("%n=== alert-service alarm -> email latency (GreenMail on loopback) ===%n");
        System.out.printf("alarms %d at %d/s, all delivered in %.1f s%n", k, rate, (end - start) / 1e9);
        System.out.printf("p50 %.1f ms   p90 %.1f ms   p99 %.1f ms   max %.1f ms%n%n",
                pct(ms, 0.50), pct(ms, 0.90), pct(ms, 0.99), ms.get(ms.size() - 1));
        assertThat(ms).hasSize(k);

        // The anchor: the same number of mails handed straight to the same SMTP server, one connection each,
        // timed until the server accepted them: what sending costs with no broker, database or rules.
        List<Double> direct = directSmtpMillis(k, run);
        System.out.printf("anchor: one mail straight to SMTP: p50 %.1f ms   p90 %.1f ms   p99 %.1f ms   max %.1f ms%n%n",
                pct(direct, 0.50), pct(direct, 0.90), pct(direct, 0.99), direct.get(direct.size() - 1));
    }

    private static List<Double> directSmtpMillis(int k, String run) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(Receivers.smtpPort()));
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(props);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            jakarta.mail.internet.MimeMessage mail = new jakarta.mail.internet.MimeMessage(session);
            mail.setFrom("bench@upsfleet.test");
            mail.setRecipients(jakarta.mail.Message.RecipientType.TO, "ops@upsfleet.test");
            mail.setSubject("anchor " + run + " " + i);
            mail.setText("direct");
            long t0 = System.nanoTime();
            jakarta.mail.Transport.send(mail);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        return ms;
    }

    private static void warmUp(String run) throws Exception {
        String ups = run + "-warm";
        Alarms.raise(ups, AlarmType.OVERLOAD);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Receivers.mailsAbout(ups).isEmpty());
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
