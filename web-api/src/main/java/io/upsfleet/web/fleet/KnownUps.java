package io.upsfleet.web.fleet;

import io.smallrye.mutiny.Uni;
import io.upsfleet.web.problem.Params;
import io.upsfleet.web.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/** The check every per-UPS endpoint makes before it answers: is there such a UPS in the fleet? */
@ApplicationScoped
public class KnownUps {

    private final FleetRepository fleet;

    public KnownUps(FleetRepository fleet) {
        this.fleet = fleet;
    }

    /** Completes when {@code id} is a UPS of the fleet; fails with a 404 problem otherwise (a malformed id never is). */
    public Uni<Void> require(String id) {
        Params.upsId(id);
        return fleet.exists(id).invoke(exists -> {
            if (!exists) {
                throw ProblemException.unknownUps(id);
            }
        }).replaceWithVoid();
    }
}
