package io.upsfleet.alert.work;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LaneTest {

    /** An executor that runs what it was given only when told to. */
    private final Queue<Runnable> queued = new ArrayDeque<>();

    @Test
    void kicksWhileAPassIsQueuedMakeOnePass() {
        AtomicInteger passes = new AtomicInteger();
        Lane lane = new Lane("test", queued::add, passes::incrementAndGet);

        for (int i = 0; i < 5; i++) {
            lane.kick();
        }
        assertThat(queued).hasSize(1);
        runQueued();

        assertThat(passes).hasValue(1);
    }

    @Test
    void kicksDuringAPassMakeExactlyOneMorePass() {
        AtomicInteger passes = new AtomicInteger();
        Lane[] lane = new Lane[1];
        lane[0] = new Lane("test", queued::add, () -> {
            if (passes.incrementAndGet() == 1) {
                lane[0].kick();
                lane[0].kick();
                lane[0].kick();
            }
        });

        lane[0].kick();
        runQueued();

        assertThat(passes).hasValue(2);
    }

    @Test
    void aFailingPassDoesNotStopTheLane() {
        AtomicInteger passes = new AtomicInteger();
        Lane lane = new Lane("test", queued::add, () -> {
            passes.incrementAndGet();
            throw new IllegalStateException("database away");
        });

        lane.kick();
        runQueued();
        lane.kick();
        runQueued();

        assertThat(passes).hasValue(2);
    }

    @Test
    void aClosedLaneRunsNoMorePasses() {
        AtomicInteger passes = new AtomicInteger();
        Lane lane = new Lane("test", queued::add, passes::incrementAndGet);

        lane.kick();
        lane.close();
        runQueued();
        lane.kick();

        assertThat(passes).hasValue(0);
        assertThat(queued).isEmpty();
    }

    @Test
    void passesOfOneLaneNeverOverlapAndTheLastKickIsServed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger kicksSeen = new AtomicInteger();
        AtomicInteger kicks = new AtomicInteger();
        Lane lane = new Lane("test", pool, () -> {
            int seen = kicks.get();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            passes.incrementAndGet();
            kicksSeen.accumulateAndGet(seen, Math::max);
        });
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    kicks.incrementAndGet();
                    lane.kick();
                }
                done.countDown();
            }).start();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (kicksSeen.get() < 800 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(mostAtOnce).hasValue(1);
        assertThat(kicksSeen).as("a pass started after the last kick").hasValue(800);
        assertThat(passes.get()).isLessThan(800);
    }

    private void runQueued() {
        for (Runnable r; (r = queued.poll()) != null; ) {
            r.run();
        }
    }
}
