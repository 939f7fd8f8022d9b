package io.upsfleet.gateway.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal's format and rules on a real directory: order, group commit, replay, torn tails, trimming, the bound. */
class JournalTest {

    @TempDir
    Path dir;

    private final List<Journal> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(Journal::close);
    }

    private Journal open(long maxSize, long segmentSize) {
        return open(maxSize, segmentSize, 1000);
    }

    private Journal open(long maxSize, long segmentSize, int commitRecords) {
        Journal j = Journal.open(new Journal.Settings(dir, maxSize, segmentSize, Duration.ofMillis(5), commitRecords, 64L << 20));
        opened.add(j);
        return j;
    }

    private static byte[] payload(int i) {
        return ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<Journal.Record> readAll(Journal j, boolean ack) throws InterruptedException {
        List<Journal.Record> got = new ArrayList<>();
        Journal.Record r;
        while ((r = j.next(300)) != null) {
            got.add(r);
            if (ack) {
                j.handedOut(r.seq());
                j.acknowledge(r.seq());
            }
        }
        return got;
    }

    @Test
    void recordsComeBackInOrderWithTopicPayloadKindAndRetainedFlag() throws Exception {
        Journal j = open(1L << 30, 64L << 20);
        for (int i = 0; i < 10_000; i++) {
            Journal.Kind kind = i % 10 == 0 ? Journal.Kind.STATUS : Journal.Kind.READING;
            assertTrue(j.append(kind, "upsfleet/v1/ups/u-" + (i % 7) + "/reading", payload(i), i % 10 == 0));
        }
        List<Journal.Record> got = readAll(j, false);
        assertEquals(10_000, got.size());
        for (int i = 0; i < got.size(); i++) {
            Journal.Record r = got.get(i);
            assertEquals(i + 1, r.seq());
            assertEquals("upsfleet/v1/ups/u-" + (i % 7) + "/reading", r.topic());
            assertArrayEquals(payload(i), r.payload());
            assertEquals(i % 10 == 0, r.retained());
            assertEquals(i % 10 == 0 ? Journal.Kind.STATUS : Journal.Kind.READING, r.kind());
        }
    }

    @Test
    void manyMessagesShareOneFsync() throws Exception {
        Journal j = open(1L << 30, 64L << 20);
        for (int i = 0; i < 20_000; i++) {
            j.append(Journal.Kind.READING, "t", payload(i), false);
        }
        assertEquals(20_000, readAll(j, false).size());
        assertTrue(j.commits() <= 20_000 / 100, "group commit: " + j.commits() + " fsyncs for 20,000 messages");
    }

    @Test
    void whatWasNotAcknowledgedIsPublishedAgainAfterARestart() throws Exception {
        Journal j = open(1L << 30, 64L << 20);
        for (int i = 0; i < 100; i++) {
            j.append(Journal.Kind.READING, "t", payload(i), false);
        }
        List<Journal.Record> first = readAll(j, false);
        for (Journal.Record r : first) {
            j.handedOut(r.seq());
        }
        for (int i = 0; i < 60; i++) {
            j.acknowledge(first.get(i).seq());
        }
        assertEquals(60, j.watermark());
        j.close();

        Journal again = open(1L << 30, 64L << 20);
        List<Journal.Record> replayed = readAll(again, false);
        assertEquals(40, replayed.size(), "the 40 records without PUBACK, and only those");
        assertEquals(61, replayed.get(0).seq());
        assertArrayEquals(payload(60), replayed.get(0).payload());
        // new records continue after the old ones
        again.append(Journal.Kind.ALARM, "a", payload(1), false);
        assertEquals(101, again.next(1000).seq());
    }

    @Test
    void withoutItsCheckpointEverythingKeptIsPublishedAgain() throws Exception {
        Journal j = open(1L << 30, 64L << 20);
        for (int i = 0; i < 50; i++) {
            j.append(Journal.Kind.READING, "t", payload(i), false);
        }
        readAll(j, true);
        j.close();
        Files.write(dir.resolve("acked"), new byte[]{1, 2, 3}); // damaged
        Journal again = open(1L << 30, 64L << 20);
        assertEquals(50, readAll(again, false).size(), "duplicates rather than loss: downstream is idempotent");
    }

    @Test
    void aTornTailIsCutAtStartAndTheRecordsBeforeItAreKept() throws Exception {
        Journal j = open(1L << 30, 64L << 20);
        for (int batch = 0; batch < 3; batch++) {
            for (int i = 0; i < 10; i++) {
                j.append(Journal.Kind.READING, "t", payload(batch * 10 + i), false);
            }
            assertEquals(10, readAll(j, false).size()); // committed: one frame per batch
        }
        j.close();
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(size - 7); // the last frame cut short, as by a crash in the middle of its write
        }
        Journal again = open(1L << 30, 64L << 20);
        List<Journal.Record> kept = readAll(again, false);
        assertEquals(20, kept.size());
        assertEquals(20, kept.get(19).seq());
        assertTrue(Files.size(segment) < size - 7, "truncated to the last whole frame");
        again.append(Journal.Kind.READING, "t", payload(99), false);
        assertEquals(21, again.next(1000).seq(), "writing goes on after the cut");
    }

    @Test
    void aCorruptFrameIsFoundByItsCrc() throws Exception {
        Journal j = open(1L << 30, 64L << 20);
        for (int batch = 0; batch < 2; batch++) {
            for (int i = 0; i < 10; i++) {
                j.append(Journal.Kind.ALARM, "t", payload(i), false);
            }
            assertEquals(10, readAll(j, false).size());
        }
        j.close();
        Path segment = onlySegment();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long at = f.length() - 3; // inside the body of the second frame: same length, wrong content
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5A);
        }
        Journal again = open(1L << 30, 64L << 20);
        assertEquals(10, readAll(again, false).size());
    }

    @Test
    void garbageInPlaceOfASegmentNeverStopsTheStart() throws Exception {
        Files.write(dir.resolve("00000000000000000001.journal"), new byte[]{9, 9});
        Journal j = open(1L << 30, 64L << 20);
        j.append(Journal.Kind.READING, "t", payload(1), false);
        assertEquals(1, readAll(j, false).size());
    }

    @Test
    void segmentsAreDeletedOnceEveryRecordInThemIsAcknowledged() throws Exception {
        Journal j = open(1L << 30, 64 * 1024, 100);
        Random random = new Random(1);
        for (int i = 0; i < 3000; i++) {
            byte[] p = new byte[200];
            random.nextBytes(p); // incompressible: 600 KB, about ten segments
            j.append(Journal.Kind.READING, "t", p, false);
            if (i % 300 == 0) {
                j.awaitIdle();
            }
        }
        assertEquals(3000, readAll(j, false).size());
        j.awaitIdle();
        assertTrue(segments().size() >= 5, "several segments: " + segments().size());
        long before = j.bytes();
        j.close();
        Journal again = open(1L << 30, 64 * 1024);
        assertEquals(3000, readAll(again, true).size());
        again.awaitIdle(); // the committer deletes the acknowledged sealed segments on its next round
        assertEquals(0, segments().size(), "all acknowledged, all sealed (the old run's): deleted");
        assertTrue(again.bytes() < before);
        assertTrue(again.drained());
    }

    @Test
    void whenFullTheOldestReadingsGoAndNoAlarmOrCommandResultIsLost() throws Exception {
        long max = 1024 * 1024;
        Journal j = open(max, 64L << 20, 100);
        Random random = new Random(2);
        int readings = 0;
        int alarms = 0;
        int results = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] p = new byte[200];
            random.nextBytes(p);
            if (i % 100 == 0) {
                j.append(Journal.Kind.ALARM, "alarm", p, false);
                alarms++;
            } else if (i % 100 == 50) {
                j.append(Journal.Kind.COMMAND_RESULT, "result", p, false);
                results++;
            } else {
                j.append(Journal.Kind.READING, "reading", p, false);
                readings++;
            }
            if (i % 1000 == 0) {
                j.awaitIdle(); // a broker outage: the committer writes and enforces the bound as messages come
            }
        }
        j.awaitIdle();
        long onDisk = 0;
        for (Path p : segments()) {
            onDisk += Files.size(p);
        }
        assertEquals(onDisk, j.bytes(), "bytes() is what the segments take");
        assertTrue(j.bytes() <= max + max / 8 + 16 * 1024, "bounded: " + j.bytes());
        assertTrue(j.dropped(Journal.Kind.READING) > 10_000, "readings dropped: " + j.dropped(Journal.Kind.READING));
        assertEquals(0, j.dropped(Journal.Kind.ALARM));
        assertEquals(0, j.dropped(Journal.Kind.COMMAND_RESULT));

        List<Journal.Record> kept = readAll(j, false);
        assertEquals(alarms, kept.stream().filter(r -> r.kind() == Journal.Kind.ALARM).count(), "every alarm edge kept");
        assertEquals(results, kept.stream().filter(r -> r.kind() == Journal.Kind.COMMAND_RESULT).count());
        List<Long> keptReadings = kept.stream().filter(r -> r.kind() == Journal.Kind.READING).map(Journal.Record::seq).toList();
        assertEquals(readings - j.dropped(Journal.Kind.READING), keptReadings.size());
        // the oldest went first: the readings kept are the newest ones, in order
        long newest = 20_000;
        assertEquals(newest, keptReadings.get(keptReadings.size() - 1));
        for (int k = 1; k < keptReadings.size(); k++) {
            assertTrue(keptReadings.get(k) > keptReadings.get(k - 1));
        }
        assertTrue(keptReadings.get(0) > 20_000 - 2 * keptReadings.size(), "kept readings are a recent run, from " + keptReadings.get(0));
    }

    @Test
    void concurrentAppendersAndOneReaderSeeEveryMessageOnceInOrder() throws Exception {
        Journal j = open(1L << 30, 256 * 1024);
        int threads = 4;
        int each = 25_000;
        ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    j.append(Journal.Kind.READING, "w" + id, (id + ":" + i).getBytes(StandardCharsets.UTF_8), false);
                }
            });
            writers.add(w);
            w.start();
        }
        long last = 0;
        int total = 0;
        long deadline = System.currentTimeMillis() + 30_000;
        while (total < threads * each && System.currentTimeMillis() < deadline) {
            Journal.Record r = j.next(100);
            if (r == null) {
                continue;
            }
            assertTrue(r.seq() > last);
            last = r.seq();
            assertNull(seen.put(new String(r.payload(), StandardCharsets.UTF_8), true), "twice");
            j.handedOut(r.seq());
            j.acknowledge(r.seq());
            total++;
        }
        for (Thread w : writers) {
            w.join();
        }
        assertEquals(threads * each, total);
        assertTrue(j.drained());
    }

    @Test
    void aReaderDrainingAFullJournalWhileItIsCompactedStillGetsEveryAlarmOnceAndInOrder() throws Exception {
        long max = 512 * 1024;
        Journal j = open(max, 64L << 20, 200);
        int n = 30_000;
        Thread writer = new Thread(() -> {
            Random random = new Random(3);
            for (int i = 0; i < n; i++) {
                byte[] p = new byte[200];
                random.nextBytes(p);
                if (i % 50 == 0) {
                    j.append(Journal.Kind.ALARM, "alarm", ("alarm-" + i).getBytes(StandardCharsets.UTF_8), false);
                } else {
                    j.append(Journal.Kind.READING, "reading", p, false);
                }
                if (i % 500 == 0) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        writer.start();
        List<String> alarms = new ArrayList<>();
        long last = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Journal.Record r = j.next(50);
            if (r == null) {
                if (!writer.isAlive() && j.drained()) {
                    break;
                }
                continue;
            }
            assertTrue(r.seq() > last, "in order");
            last = r.seq();
            if (r.kind() == Journal.Kind.ALARM) {
                alarms.add(new String(r.payload(), StandardCharsets.UTF_8));
            }
            j.handedOut(r.seq());
            if (r.seq() % 7 == 0) {
                Thread.sleep(1); // slower than the writer: the journal fills and is compacted under the reader
            }
            j.acknowledge(r.seq());
        }
        writer.join();
        assertTrue(j.drained(), "read to the end, every record acknowledged or dropped");
        assertTrue(j.dropped(Journal.Kind.READING) > 0, "the journal was full meanwhile");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i += 50) {
            expected.add("alarm-" + i);
        }
        assertEquals(expected, alarms, "every alarm, once, in order");
    }

    private Path onlySegment() throws Exception {
        List<Path> s = segments();
        assertEquals(1, s.size());
        return s.get(0);
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> l = Files.list(dir)) {
            return l.filter(p -> p.toString().endsWith(".journal")).toList();
        }
    }
}
