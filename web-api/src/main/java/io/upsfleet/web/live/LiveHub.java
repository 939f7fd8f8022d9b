package io.upsfleet.web.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans live events out to every SSE client of this replica. A slow client loses events (it catches up
 * by reloading) instead of holding back the others or the MQTT consumer.
 */
@ApplicationScoped
public class LiveHub {

    private final BroadcastProcessor<LiveEvent> processor = BroadcastProcessor.create();
    private final AtomicInteger clients;

    public LiveHub(MeterRegistry registry) {
        clients = registry.gauge("upsfleet.web.sse.clients", new AtomicInteger());
    }

    public void publish(LiveEvent event) {
        processor.onNext(event);
    }

    public Multi<LiveEvent> stream() {
        return processor
                .onSubscription().invoke(() -> clients.incrementAndGet())
                .onTermination().invoke(() -> clients.decrementAndGet())
                .onOverflow().drop();
    }

    public int clients() {
        return clients.get();
    }
}
