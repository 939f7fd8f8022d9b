package io.upsfleet.web.history;

import java.time.Instant;
import java.util.List;

/** A history answer: which resolution was used (auto resolves to raw or 1m), and whether points were cut. */
public record History(String upsId, Instant from, Instant to, String resolution, int count, boolean truncated,
                      List<HistoryPoint> points) {
}
