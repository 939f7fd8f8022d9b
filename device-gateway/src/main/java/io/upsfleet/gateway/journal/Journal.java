package io.upsfleet.gateway.journal;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The gateway's durable outbox: every message is appended here, written to disk with group commit (one
 * fsync per batch: every {@code commitInterval} or {@code commitRecords} messages, never per message), and
 * only then handed to the MQTT client; it is forgotten once the broker acknowledged it. After a crash the
 * records not acknowledged are read again and published again (downstream is idempotent: readings by
 * (ups, ts), events by id).
 *
 * <p>On disk: segment files {@code <first seq>.journal} (a 4-byte magic, then frames). One frame per group
 * commit: {@code int length, int crc32c, long firstSeq, long lastSeq, int count, int rawLength, byte codec,
 * body}, the CRC over everything after it, the body the records (deflated when that is smaller). A record:
 * {@code varint seq delta, byte kind, byte flags, varint topic length, topic, varint payload length, payload}.
 * A torn or corrupt frame (a crash in the middle of a write) is found by length and CRC at start and the
 * file truncated there, with a log line. Acknowledgements advance a watermark (every record up to it is
 * acknowledged or gone) kept in the file {@code acked} (CRC-checked, not fsynced: a stale one only means
 * a few messages are published twice); a sealed segment wholly below it is deleted.
 *
 * <p>Bounded by {@code maxSize}: when it is exceeded, the oldest sealed segment is compacted (rewritten
 * without its readings: fsync, rename), so the oldest readings go first and alarm edges, status, identity
 * and command results are never dropped. When only such records and the segment being written are left,
 * new readings are refused (counted) until the journal drains; the other records are still taken, which
 * may take the journal beyond the bound by their (small) size.
 *
 * <p>Threads: any number of appenders; one committer thread (owned here); one reader (the MQTT sender) that
 * calls {@link #next}, {@link #handedOut}; acknowledgements ({@link #acknowledge}) from any thread.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Journal.class);
    static final int MAGIC = 0x55504A31; // "UPJ1"
    static final int HEADER = 4;
    /** length + crc */
    static final int FRAME_PREFIX = 8;
    /** firstSeq, lastSeq, count, rawLength, codec */
    static final int FRAME_FIELDS = 8 + 8 + 4 + 4 + 1;
    static final byte RAW = 0;
    static final byte DEFLATE = 1;
    private static final String SUFFIX = ".journal";
    private static final int MAX_FRAME = 256 * 1024 * 1024;

    /** What a message is, which decides whether it may be dropped when the journal is full. */
    public enum Kind {
        READING, STATUS, ALARM, IDENTITY, COMMAND_RESULT, AVAILABILITY, OTHER;

        public String tag() {
            return name().toLowerCase();
        }
    }

    /**
     * @param maxSize       bytes on disk beyond which the oldest readings are dropped
     * @param segmentSize   a segment is sealed when it reaches this size (at most maxSize / 8)
     * @param commitRecords a batch is committed early when it holds this many records
     * @param maxPending    bytes of not yet committed records beyond which readings are refused (a stalled disk)
     */
    public record Settings(Path dir, long maxSize, long segmentSize, Duration commitInterval, int commitRecords,
                           long maxPending) {
    }

    /** One message read back for publishing. */
    public record Record(long seq, Kind kind, String topic, byte[] payload, boolean retained) {
    }

    static final class Segment {
        final long firstSeq;
        final Path path;
        volatile long lastSeq;
        /** committed bytes, header included */
        volatile long bytes;
        volatile int generation;
        volatile boolean sealed;
        boolean compacted;

        Segment(long firstSeq, Path path) {
            this.firstSeq = firstSeq;
            this.path = path;
            this.lastSeq = firstSeq - 1;
        }
    }

    private final Settings settings;
    private final Path dir;
    private final long segmentSize;
    private final List<Segment> segments = new ArrayList<>(); // guarded by itself, oldest first
    private final AtomicLong bytes = new AtomicLong();
    private final Map<Kind, LongAdder> dropped = new EnumMap<>(Kind.class);
    private final LongAdder appended = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder appendedBytes = new LongAdder();
    private final AtomicLong rounds = new AtomicLong();
    private final Thread committer;
    /** for the committer (and recovery, before it starts) */
    private final FrameCodec codec = new FrameCodec();
    /** for the reader */
    private final FrameCodec readCodec = new FrameCodec();

    // appenders, guarded by appendLock
    private final Object appendLock = new Object();
    private Buf pending = new Buf(64 * 1024);
    private Buf spare = new Buf(64 * 1024);
    private long nextSeq;
    private long pendingFirst;
    private long pendingPrev;
    private int pendingCount;
    private volatile boolean refuseReadings;
    private volatile boolean running = true;
    private long lastRefuseLog;

    // committer
    private Segment active;
    private FileChannel activeChannel;
    private volatile long committedSeq;
    private long lastCheckpoint;
    private long checkpointed = -1;
    private long droppedInEpisode;

    // reader (one thread)
    private final ArrayDeque<Record> ready = new ArrayDeque<>();
    private long readSeq;
    private Segment readSegment;
    private int readGeneration;
    private long readPos;
    private FileChannel readChannel;
    private final Object commitSignal = new Object();

    // acknowledgements, guarded by ackLock
    private final Object ackLock = new Object();
    private long[] outSeq = new long[1024];
    private boolean[] outAcked = new boolean[1024];
    private int outHead;
    private int outSize;
    private long lastHanded;
    /** Every seq below the reader's position was handed out (and is tracked above) or does not exist (dropped). */
    private volatile long readThrough;

    private Journal(Settings settings) {
        this.settings = settings;
        this.dir = settings.dir();
        this.segmentSize = Math.max(64 * 1024, Math.min(settings.segmentSize(), settings.maxSize() / 8));
        for (Kind k : Kind.values()) {
            dropped.put(k, new LongAdder());
        }
        this.committer = new Thread(this::commitLoop, "journal-commit");
        this.committer.setDaemon(true);
    }

    /** Opens (recovering what a previous run left) and starts the committer. */
    public static Journal open(Settings settings) {
        Journal j = new Journal(settings);
        try {
            j.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the gateway journal in " + settings.dir(), e);
        }
        j.committer.start();
        return j;
    }

    // ---------------------------------------------------------------- start

    private void recover() throws IOException {
        Files.createDirectories(dir);
        long acked = readCheckpoint();
        long last = acked;
        long records = 0;
        for (Path file : segmentFiles()) {
            Segment s = new Segment(seqOf(file), file);
            FrameCodec.Scan scan = FrameCodec.scan(file, codec);
            if (scan.truncateAt() >= 0) {
                long size = Files.size(file);
                LOG.warnf("Journal segment %s: %s at byte %d (a write cut by a crash, or damage): %d byte(s) truncated, "
                        + "the records before it are kept", file, scan.problem(), scan.truncateAt(), size - scan.truncateAt());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(Math.max(scan.truncateAt(), 0));
                    ch.force(true);
                }
            }
            if (scan.frames() == 0 || scan.lastSeq() <= acked) {
                Files.delete(file); // empty, or everything in it was acknowledged
                continue;
            }
            s.lastSeq = scan.lastSeq();
            s.bytes = scan.validBytes();
            s.sealed = true;
            segments.add(s);
            bytes.addAndGet(s.bytes);
            last = Math.max(last, s.lastSeq);
            records += scan.records();
        }
        syncDirectory();
        nextSeq = last + 1;
        committedSeq = last;
        readThrough = acked;
        lastHanded = acked;
        readSeq = acked + 1;
        checkpointed = acked;
        if (!segments.isEmpty()) {
            LOG.infof("Journal %s: %d segment(s), %d bytes, up to %d record(s) not acknowledged before the last stop: "
                    + "published again first", dir, segments.size(), bytes.get(), records);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    private static long seqOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    // ---------------------------------------------------------------- append

    /**
     * Takes a message; it is on disk within the commit interval. False when it was refused (a reading while
     * the journal is full, or anything after close), counted in {@link #dropped}.
     */
    public boolean append(Kind kind, String topic, byte[] payload, boolean retained) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        synchronized (appendLock) {
            if (!running || (kind == Kind.READING && (refuseReadings || pending.n > settings.maxPending()))) {
                dropped.get(kind).increment();
                if (running && pending.n > settings.maxPending()) {
                    long now = System.currentTimeMillis();
                    if (now - lastRefuseLog > 10_000) {
                        lastRefuseLog = now;
                        LOG.errorf("Journal %s: %d bytes wait for the disk (commit stalled?): new readings are dropped", dir, pending.n);
                    }
                }
                return false;
            }
            long seq = nextSeq++;
            if (pendingCount == 0) {
                pendingFirst = seq;
                pendingPrev = seq;
            }
            FrameCodec.writeRecord(pending, seq - pendingPrev, kind, retained, t, payload);
            pendingPrev = seq;
            if (++pendingCount >= settings.commitRecords()) {
                appendLock.notifyAll();
            }
        }
        appended.increment();
        appendedBytes.add(t.length + payload.length);
        return true;
    }

    // ---------------------------------------------------------------- commit

    private void commitLoop() {
        long interval = Math.max(1, settings.commitInterval().toMillis());
        long lastCommit = System.currentTimeMillis();
        while (true) {
            Buf batch;
            long first;
            long lastSeq;
            int count;
            boolean stop;
            synchronized (appendLock) {
                long now = System.currentTimeMillis();
                while (running && pendingCount < settings.commitRecords() && now - lastCommit < interval) {
                    try {
                        appendLock.wait(interval - (now - lastCommit));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        running = false;
                    }
                    now = System.currentTimeMillis();
                }
                lastCommit = now;
                stop = !running;
                batch = pending;
                first = pendingFirst;
                lastSeq = pendingPrev;
                count = pendingCount;
                pending = spare;
                pending.n = 0;
                pendingCount = 0;
            }
            try {
                if (count > 0) {
                    writeFrame(batch, first, lastSeq, count);
                }
                housekeeping(stop);
                rounds.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                // The disk failed: these records are not durable. Said loudly; the next batch tries again.
                LOG.errorf(e, "Journal %s: writing %d record(s) failed; they are lost", dir, count);
                dropped.get(Kind.OTHER).add(count);
                closeActive();
            }
            synchronized (appendLock) {
                spare = batch;
            }
            if (stop) {
                closeActive();
                return;
            }
        }
    }

    private void writeFrame(Buf raw, long first, long last, int count) throws IOException {
        if (active == null) {
            Segment s = new Segment(first, dir.resolve(String.format("%020d%s", first, SUFFIX)));
            activeChannel = FileChannel.open(s.path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            activeChannel.write(ByteBuffer.allocate(HEADER).putInt(0, MAGIC));
            s.bytes = HEADER;
            syncDirectory(); // the new file's name must survive a crash too
            synchronized (segments) {
                segments.add(s);
            }
            bytes.addAndGet(HEADER);
            active = s;
        }
        ByteBuffer frame = codec.encodeFrame(raw.a, raw.n, first, last, count);
        int len = frame.remaining();
        while (frame.hasRemaining()) {
            activeChannel.write(frame);
        }
        activeChannel.force(false); // the one fsync of this batch
        commits.increment();
        written.add(len);
        active.bytes += len;
        active.lastSeq = last;
        bytes.addAndGet(len);
        committedSeq = last;
        synchronized (commitSignal) {
            commitSignal.notifyAll();
        }
        if (active.bytes >= segmentSize) {
            active.sealed = true;
            closeActive();
        }
    }

    private void closeActive() {
        if (active != null) {
            active.sealed = true;
        }
        active = null;
        if (activeChannel != null) {
            try {
                activeChannel.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
            activeChannel = null;
        }
    }

    private void housekeeping(boolean stopping) throws IOException {
        long w = watermark();
        // acknowledged sealed segments go
        List<Segment> done = new ArrayList<>();
        synchronized (segments) {
            for (Segment s : segments) {
                if (s.sealed && s.lastSeq <= w) {
                    done.add(s);
                }
            }
            segments.removeAll(done);
        }
        for (Segment s : done) {
            Files.deleteIfExists(s.path);
            bytes.addAndGet(-s.bytes);
        }
        enforceBound(w);
        long now = System.currentTimeMillis();
        if (w != checkpointed && (stopping || now - lastCheckpoint >= 200)) {
            writeCheckpoint(w, stopping);
            checkpointed = w;
            lastCheckpoint = now;
        }
    }

    private void enforceBound(long w) throws IOException {
        while (bytes.get() > settings.maxSize()) {
            Segment victim = null;
            synchronized (segments) {
                for (Segment s : segments) {
                    if (s.sealed && !s.compacted) {
                        victim = s;
                        break;
                    }
                }
            }
            if (victim == null) {
                if (!refuseReadings) {
                    refuseReadings = true;
                    LOG.warnf("Journal %s is full (%d bytes, max-size %d) and holds no more old readings to drop: new readings "
                            + "are refused until the broker takes the backlog; alarms, status and command results are still kept",
                            dir, bytes.get(), settings.maxSize());
                }
                return;
            }
            compact(victim, w);
        }
        if (bytes.get() <= settings.maxSize() * 9 / 10 && (refuseReadings || droppedInEpisode > 0)) {
            refuseReadings = false;
            LOG.infof("Journal %s is below its bound again (%d bytes): %d reading(s) dropped while it was full", dir,
                    bytes.get(), droppedInEpisode);
            droppedInEpisode = 0;
        }
    }

    /** Rewrites a segment without its readings (and without what is acknowledged). */
    private void compact(Segment victim, long w) throws IOException {
        Buf kept = new Buf(16 * 1024);
        long[] firstLastCount = {-1, -1, 0};
        long[] prev = {-1};
        long[] droppedReadings = {0};
        FrameCodec.forEachRecord(victim.path, codec, (seq, kind, retained, topic, payload) -> {
            if (seq <= w) {
                return;
            }
            if (kind == Kind.READING) {
                droppedReadings[0]++;
                return;
            }
            if (firstLastCount[0] < 0) {
                firstLastCount[0] = seq;
                prev[0] = seq;
            }
            FrameCodec.writeRecord(kept, seq - prev[0], kind, retained, topic, payload);
            prev[0] = seq;
            firstLastCount[1] = seq;
            firstLastCount[2]++;
        });
        if (droppedInEpisode == 0 && droppedReadings[0] > 0) {
            LOG.warnf("Journal %s is full (%d bytes, max-size %d): dropping the oldest readings, segment by segment "
                    + "(alarms, status, identity and command results are kept); see upsfleet_gateway_journal_dropped_total",
                    dir, bytes.get(), settings.maxSize());
        }
        droppedInEpisode += droppedReadings[0];
        dropped.get(Kind.READING).add(droppedReadings[0]);
        long before = victim.bytes;
        if (firstLastCount[2] == 0) {
            synchronized (segments) {
                segments.remove(victim);
            }
            Files.deleteIfExists(victim.path);
            bytes.addAndGet(-before);
            victim.generation++;
            return;
        }
        Path tmp = victim.path.resolveSibling(victim.path.getFileName() + ".tmp");
        ByteBuffer frame = codec.encodeFrame(kept.a, kept.n, firstLastCount[0], firstLastCount[1], (int) firstLastCount[2]);
        long after = HEADER + frame.remaining();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.allocate(HEADER).putInt(0, MAGIC));
            while (frame.hasRemaining()) {
                out.write(frame);
            }
            out.force(true);
        }
        Files.move(tmp, victim.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        victim.compacted = true;
        victim.generation++; // before bytes: a reader that sees the new size also sees that it must reopen
        victim.bytes = after;
        bytes.addAndGet(after - before);
    }

    private void writeCheckpoint(long w, boolean sync) throws IOException {
        Path tmp = dir.resolve("acked.tmp");
        ByteBuffer b = ByteBuffer.allocate(16).putInt(MAGIC).putLong(w);
        b.putInt(FrameCodec.crc(b.array(), 0, 12)).flip();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(b);
            if (sync) {
                out.force(true);
            }
        }
        Files.move(tmp, dir.resolve("acked"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private long readCheckpoint() {
        try {
            byte[] b = Files.readAllBytes(dir.resolve("acked"));
            ByteBuffer in = ByteBuffer.wrap(b);
            if (b.length == 16 && in.getInt(0) == MAGIC && in.getInt(12) == FrameCodec.crc(b, 0, 12)) {
                return in.getLong(4);
            }
            LOG.warnf("Journal %s: acknowledgement checkpoint unreadable: everything kept is published again", dir);
        } catch (java.nio.file.NoSuchFileException none) {
            // first start
        } catch (IOException e) {
            LOG.warnf("Journal %s: acknowledgement checkpoint unreadable (%s): everything kept is published again", dir, e);
        }
        return 0;
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some filesystems cannot open a directory for fsync
        }
    }

    // ---------------------------------------------------------------- read (one thread)

    /** The next committed record not yet read, waiting up to {@code timeoutMillis}; null if none came. */
    public Record next(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Record r = ready.poll();
            if (r != null) {
                if (r.seq() >= readSeq) {
                    handedOut(r.seq()); // tracked from now on: never counted acknowledged before its PUBACK
                    readSeq = r.seq() + 1;
                    readThrough = readSeq - 1;
                    return r;
                }
                continue;
            }
            if (ready.isEmpty()) {
                readThrough = readSeq - 1; // what was skipped below readSeq does not exist any more
            }
            boolean idle = true;
            if (readSeq <= committedSeq) {
                try {
                    if (readFrame()) {
                        continue;
                    }
                    idle = false;
                } catch (IOException e) {
                    LOG.errorf("Journal %s: cannot read segment %s (%s): its remaining records are skipped", dir,
                            readSegment == null ? "?" : readSegment.path, e.toString());
                    if (readSegment != null) {
                        readSeq = Math.max(readSeq, readSegment.lastSeq + 1);
                    }
                    closeReader();
                    continue;
                }
            }
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
                return null;
            }
            synchronized (commitSignal) {
                if (readSeq > committedSeq || !idle) {
                    commitSignal.wait(idle ? wait : Math.min(wait, 5));
                }
            }
        }
    }

    /** Reads the next frame holding records at or after readSeq into {@link #ready}; false if none is committed yet. */
    private boolean readFrame() throws IOException {
        long committed = committedSeq; // read before the segments: a segment is listed before its records count as committed
        Segment s = segmentFor(readSeq);
        if (s == null) {
            // nothing left from readSeq to committed: dropped (compacted away) meanwhile
            readSeq = Math.max(readSeq, committed + 1);
            return true;
        }
        if (s != readSegment || s.generation != readGeneration || readChannel == null) {
            closeReader();
            try {
                readChannel = FileChannel.open(s.path, StandardOpenOption.READ);
            } catch (java.nio.file.NoSuchFileException gone) {
                return true; // deleted (dropped) meanwhile: look again
            }
            readSegment = s;
            readGeneration = s.generation;
            readPos = HEADER;
        }
        long committedBytes = s.bytes;
        if (s.generation != readGeneration) {
            closeReader(); // compacted meanwhile: read the new file from its start
            return true;
        }
        if (readPos >= committedBytes) {
            if (s.sealed && readPos >= s.bytes) {
                readSeq = Math.max(readSeq, s.lastSeq + 1);
                closeReader();
                return true;
            }
            return false;
        }
        int len;
        try {
            len = readCodec.readFrame(readChannel, readPos, committedBytes, (seq, kind, retained, topic, payload) -> {
                if (seq >= readSeq) {
                    ready.add(new Record(seq, kind, new String(topic, StandardCharsets.UTF_8), payload, retained));
                }
            });
        } catch (IOException e) {
            if (s.generation != readGeneration) {
                ready.clear();
                closeReader(); // compacted while we read the old file: not damage, read the new one
                return true;
            }
            throw e;
        }
        readPos += len;
        return true;
    }

    private Segment segmentFor(long seq) {
        synchronized (segments) {
            for (Segment s : segments) {
                if (s.lastSeq >= seq) {
                    return s;
                }
            }
        }
        return null;
    }

    private void closeReader() {
        if (readChannel != null) {
            try {
                readChannel.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
        readChannel = null;
        readSegment = null;
    }

    // ---------------------------------------------------------------- acknowledgements

    /** The record goes to the client ({@link #next} already says so; repeating it is harmless). */
    public void handedOut(long seq) {
        synchronized (ackLock) {
            if (outSize > 0 && outSeq[(outHead + outSize - 1) % outSeq.length] >= seq) {
                return;
            }
            if (outSize == outSeq.length) {
                grow();
            }
            int i = (outHead + outSize) % outSeq.length;
            outSeq[i] = seq;
            outAcked[i] = false;
            outSize++;
            lastHanded = seq;
        }
    }

    /** The broker has the record (PUBACK). */
    public void acknowledge(long seq) {
        synchronized (ackLock) {
            int lo = 0;
            int hi = outSize - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long v = outSeq[(outHead + mid) % outSeq.length];
                if (v < seq) {
                    lo = mid + 1;
                } else if (v > seq) {
                    hi = mid - 1;
                } else {
                    outAcked[(outHead + mid) % outSeq.length] = true;
                    break;
                }
            }
            while (outSize > 0 && outAcked[outHead]) {
                outHead = (outHead + 1) % outSeq.length;
                outSize--;
            }
        }
    }

    private void grow() {
        long[] s = new long[outSeq.length * 2];
        boolean[] a = new boolean[s.length];
        for (int k = 0; k < outSize; k++) {
            s[k] = outSeq[(outHead + k) % outSeq.length];
            a[k] = outAcked[(outHead + k) % outSeq.length];
        }
        outSeq = s;
        outAcked = a;
        outHead = 0;
    }

    // ---------------------------------------------------------------- state

    /** Bytes of the journal on disk. */
    public long bytes() {
        return bytes.get();
    }

    public long dropped(Kind kind) {
        return dropped.get(kind).sum();
    }

    public long appended() {
        return appended.sum();
    }

    /** Topic and payload bytes of the messages appended (what the journal's frames compress). */
    public long appendedBytes() {
        return appendedBytes.sum();
    }

    public long commits() {
        return commits.sum();
    }

    /** Bytes written by group commits (frames, compaction not included): divided by {@link #appended}, bytes per message on disk. */
    public long written() {
        return written.sum();
    }

    /** Records appended and not yet acknowledged (or dropped): an upper bound, gaps included. */
    public long backlog() {
        synchronized (appendLock) {
            return Math.max(0, nextSeq - 1 - watermark());
        }
    }

    /** Everything appended so far is acknowledged. */
    public boolean drained() {
        return backlog() == 0;
    }

    /** Every record up to this one is acknowledged by the broker or was dropped. */
    public long watermark() {
        synchronized (ackLock) {
            return outSize > 0 ? outSeq[outHead] - 1 : Math.max(lastHanded, readThrough);
        }
    }

    public Path dir() {
        return dir;
    }

    /** For tests: waits until everything appended so far is committed and the committer went round twice since. */
    void awaitIdle() throws InterruptedException {
        long target;
        synchronized (appendLock) {
            target = nextSeq - 1;
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (committedSeq < target && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
        long r = rounds.get();
        while (rounds.get() < r + 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
    }

    int segmentCount() {
        synchronized (segments) {
            return segments.size();
        }
    }

    /** Commits what is pending, writes the acknowledgement checkpoint and stops; records not acknowledged stay for the next start. */
    @Override
    public void close() {
        synchronized (appendLock) {
            running = false;
            appendLock.notifyAll();
        }
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeReader();
    }

    /** A growable byte array. */
    static final class Buf {
        byte[] a;
        int n;

        Buf(int capacity) {
            a = new byte[capacity];
        }

        void ensure(int more) {
            if (n + more > a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + more));
            }
        }

        void put(byte b) {
            ensure(1);
            a[n++] = b;
        }

        void put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, a, n, b.length);
            n += b.length;
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                a[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            a[n++] = (byte) v;
        }
    }

    static int maxFrame() {
        return MAX_FRAME;
    }
}
