package io.upsfleet.web.fleet;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.upsfleet.web.problem.Params;
import io.upsfleet.web.problem.ProblemException;
import io.upsfleet.web.security.SiteScope;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The check every per-UPS endpoint makes before it answers: is there such a UPS in the fleet (404), and
 * is it in one of the caller's sites (403)?
 */
@ApplicationScoped
public class KnownUps {

    private final FleetRepository fleet;
    private final SecurityIdentity identity;

    public KnownUps(FleetRepository fleet, SecurityIdentity identity) {
        this.fleet = fleet;
        this.identity = identity;
    }

    /**
     * Completes when {@code id} is a UPS of the fleet the caller may see; fails with a 404 problem
     * otherwise (a malformed id never is), or a 403 problem when it belongs to a site outside his scope.
     */
    public Uni<Void> require(String id) {
        Params.upsId(id);
        SiteScope scope = SiteScope.of(identity);
        return fleet.locate(id).invoke(found -> {
            FleetRepository.Located ups = found.orElseThrow(() -> ProblemException.unknownUps(id));
            if (!scope.allows(ups.site())) {
                throw outsideScope(id, scope);
            }
        }).replaceWithVoid();
    }

    /**
     * Completes when the caller may see UPS {@code id}; unlike {@link #require} a UPS that is no longer in
     * the fleet passes for a caller of every site (records that outlive their UPS stay readable).
     */
    public Uni<Void> requireInScope(String id) {
        SiteScope scope = SiteScope.of(identity);
        if (scope.everySite()) {
            return Uni.createFrom().voidItem();
        }
        return fleet.locate(id).invoke(found -> {
            if (found.isEmpty() || !scope.allows(found.get().site())) {
                throw outsideScope(id, scope);
            }
        }).replaceWithVoid();
    }

    public static ProblemException outsideScope(String id, SiteScope scope) {
        return ProblemException.forbidden("UPS '" + id + "' is not in your sites (" + scope.describe()
                + "): your account is limited to UPS units of those sites");
    }
}
