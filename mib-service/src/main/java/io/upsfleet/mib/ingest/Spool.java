package io.upsfleet.mib.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.upsfleet.mib.MibConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Where messages wait on local disk while the database is away, so the broker's bounded queue never has to
 * hold an outage: a batch that cannot be stored for an outage is written here (one file per batch, deflated,
 * fsynced, then renamed into place: one fsync per batch, not per message), acknowledged to the broker, and
 * stored later by {@link SpoolDrainer}, oldest first. Bounded by {@code upsfleet.mib.spool.max-size}: when
 * it is full, batches wait unacknowledged at the broker as without a spool.
 */
@ApplicationScoped
public class Spool {

    private static final Logger LOG = Logger.getLogger(Spool.class);
    private static final int MAGIC = 0x5550_5331; // "UPS1"

    /** A spooled batch: its file and its messages. */
    public record Entry(Path file, long bytes, IngestChannel channel, List<Message> messages) {
    }

    /** One spooled message as it came off the bus. */
    public record Message(String topic, byte[] payload) {
    }

    private final MibConfig.Spool config;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private long nextSeq;
    private Path dir;
    private volatile boolean fullLogged;

    public Spool(MibConfig config, MeterRegistry registry) {
        this.config = config.spool();
        Gauge.builder("upsfleet.mib.spool.bytes", bytes, AtomicLong::get)
                .description("Bytes of batches waiting in the local spool for the database").register(registry);
    }

    @PostConstruct
    void open() {
        if (!config.enabled()) {
            return;
        }
        try {
            dir = Path.of(config.dir());
            Files.createDirectories(dir);
            for (Path f : files()) {
                bytes.addAndGet(Files.size(f));
                batches.incrementAndGet();
                nextSeq = Math.max(nextSeq, seq(f) + 1);
            }
            if (batches.get() > 0) {
                LOG.infof("Spool %s holds %d batch(es), %d bytes, from before: they are stored first", dir, batches.get(), bytes.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool directory " + config.dir(), e);
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Writes a batch durably; false when the spool is full (or off), and the batch must stay with the broker.
     *
     * @throws IOException when the disk fails: the batch stays with the broker too
     */
    public synchronized boolean append(IngestChannel channel, List<Inbound> messages) throws IOException {
        if (!config.enabled()) {
            return false;
        }
        byte[] record = encode(channel, messages);
        if (bytes.get() + record.length > config.maxSize().asLongValue()) {
            if (!fullLogged) {
                fullLogged = true;
                LOG.errorf("Spool %s is full (%d bytes, max-size %s): batches wait at the broker until it drains",
                        dir, bytes.get(), config.maxSize());
            }
            return false;
        }
        fullLogged = false;
        Path tmp = dir.resolve(String.format("%020d.tmp", nextSeq));
        Path file = dir.resolve(String.format("%020d.seg", nextSeq));
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(record));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        nextSeq++;
        bytes.addAndGet(record.length);
        batches.incrementAndGet();
        return true;
    }

    /** The oldest spooled batch, if any. A file that cannot be read is moved aside (logged), never retried forever. */
    public Optional<Entry> oldest() throws IOException {
        for (Path f : files()) {
            try {
                return Optional.of(decode(f));
            } catch (IOException | RuntimeException e) {
                Path aside = f.resolveSibling(f.getFileName() + ".unreadable");
                LOG.errorf("Spooled batch %s cannot be read (%s): moved to %s", f, e.toString(), aside);
                long size = Files.size(f);
                Files.move(f, aside, StandardCopyOption.REPLACE_EXISTING);
                bytes.addAndGet(-size);
                batches.decrementAndGet();
            }
        }
        return Optional.empty();
    }

    /** Forgets a batch once it is stored. */
    public synchronized void remove(Entry entry) throws IOException {
        if (Files.deleteIfExists(entry.file())) {
            bytes.addAndGet(-entry.bytes());
            batches.decrementAndGet();
        }
    }

    public long bytes() {
        return bytes.get();
    }

    public long batches() {
        return batches.get();
    }

    private List<Path> files() throws IOException {
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static long seq(Path f) {
        String name = f.getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some filesystems cannot open a directory for fsync: the rename is still atomic
        }
    }

    private static byte[] encode(IngestChannel channel, List<Inbound> messages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(MAGIC);
            out.writeUTF(channel.name());
            out.writeInt(messages.size());
            for (Inbound m : messages) {
                byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
                byte[] payload = m.payload() == null ? new byte[0] : m.payload();
                out.writeInt(topic.length);
                out.write(topic);
                out.writeInt(payload.length);
                out.write(payload);
            }
        }
        return bytes.toByteArray();
    }

    private static Entry decode(Path file) throws IOException {
        long size = Files.size(file);
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a spool file");
            }
            IngestChannel channel = IngestChannel.valueOf(in.readUTF());
            int n = in.readInt();
            List<Message> messages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] topic = in.readNBytes(in.readInt());
                byte[] payload = in.readNBytes(in.readInt());
                messages.add(new Message(new String(topic, StandardCharsets.UTF_8), payload));
            }
            return new Entry(file, size, channel, messages);
        }
    }
}
