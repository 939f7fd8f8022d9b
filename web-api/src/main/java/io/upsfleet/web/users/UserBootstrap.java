package io.upsfleet.web.users;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.upsfleet.web.security.PasswordHashes;
import io.upsfleet.web.security.UsersConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * First start: creates the users of {@link FirstUsers} when {@code web_user} is empty, and refuses to
 * start when it is empty and no password is set (nobody could log in). Several replicas starting at
 * once on an empty database serialise on a transaction-scoped advisory lock, so the users are created once.
 */
@ApplicationScoped
public class UserBootstrap {

    private static final Logger LOG = Logger.getLogger(UserBootstrap.class);
    /** Arbitrary, fixed: the advisory lock of this bootstrap. */
    private static final long LOCK = 0x7570_7366_7573_6572L;

    private final UsersConfig config;

    public UserBootstrap(UsersConfig config) {
        this.config = config;
    }

    void seed(@Observes StartupEvent ev) throws Throwable {
        // hashed here, on the starting thread, not inside the transaction on the event loop
        List<WebUser> seeds = FirstUsers.of(config).stream().map(UserBootstrap::entity).toList();
        String outcome = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                Panache.getSession()
                        .chain(s -> s.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(" + LOCK + ") AS text)").getSingleResult())
                        .chain(() -> WebUser.count())
                        .chain(existing -> {
                            if (existing > 0) {
                                return Uni.createFrom().item(existing + " users in the database (UPSFLEET_*_PASSWORD are"
                                        + " only used on the first start)");
                            }
                            if (seeds.isEmpty()) {
                                return Uni.createFrom().failure(new IllegalStateException(FirstUsers.NO_USER));
                            }
                            return WebUser.persist(seeds).replaceWith("first start: created users "
                                    + seeds.stream().map(u -> u.name + " (" + u.role + ")").toList());
                        })));
        LOG.info(outcome);
    }

    private static WebUser entity(FirstUsers.Seed seed) {
        WebUser u = new WebUser();
        u.name = seed.name();
        u.passwordHash = PasswordHashes.hash(seed.password());
        u.role = seed.role();
        u.createdBy = "first-start";
        u.createdAt = Instant.now();
        u.updatedAt = u.createdAt;
        return u;
    }
}
