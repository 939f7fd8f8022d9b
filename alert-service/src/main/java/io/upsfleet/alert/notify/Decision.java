package io.upsfleet.alert.notify;

import java.util.List;

/** What to do about an edge (or the end of a flap): the outcome, and the changes to write for it. */
public record Decision(Outcome outcome, List<Effect> effects) {

    public Decision {
        effects = List.copyOf(effects);
    }

    static Decision nothing(Outcome outcome) {
        return new Decision(outcome, List.of());
    }

    /** The edge changed the track of its condition (protective actions look again). */
    public boolean tookEdge() {
        return effects.stream().anyMatch(e -> e instanceof Effect.TrackEdge);
    }
}
