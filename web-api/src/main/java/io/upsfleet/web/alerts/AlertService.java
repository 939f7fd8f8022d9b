package io.upsfleet.web.alerts;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.upsfleet.contracts.alerting.Alert;
import io.upsfleet.contracts.alerting.AlertAck;
import io.upsfleet.contracts.alerting.ProtectStep;
import io.upsfleet.web.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * alert-service, which owns the alerts and the protective-action log, asked over its REST API (HTTP Basic
 * as {@code upsfleet.alerts.user}). What goes wrong on the way becomes a problem the operator can act on:
 * 503 when alert-service cannot be reached or refuses web-api's credential, 502 for an answer web-api
 * cannot use.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);
    static final String PASSWORD_ENV = "UPSFLEET_ALERT_API_PASSWORD";

    private final AlertsConfig config;
    private final Optional<String> password;
    private final AlertServiceApi api;

    public AlertService(AlertsConfig config) {
        this.config = config;
        this.password = config.password().filter(p -> !p.isBlank());
        long timeoutMillis = config.timeout().toMillis();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.url()))
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .register(new BasicAuth(config.user(), password.orElse("")))
                .build(AlertServiceApi.class);
    }

    void announce(@Observes StartupEvent event) {
        if (password.isEmpty()) {
            LOG.warnf("%s is not set: web-api cannot reach alert-service's API, /api/alerts and /api/protect/events answer 503",
                    PASSWORD_ENV);
        } else {
            LOG.infof("alerts from alert-service at %s (as '%s')", config.url(), config.user());
        }
    }

    public Uni<List<Alert>> alerts(String state, String upsId, int limit) {
        return call(() -> api.alerts(state, upsId, limit), null);
    }

    /** Acknowledges as {@code user} (idempotent: the first acknowledgement stands); 404 for an unknown alert. */
    public Uni<Alert> ack(UUID alertId, String user) {
        return call(() -> api.ack(alertId, new AlertAck(user)), "no alert with id '" + alertId + "'")
                .invoke(alert -> LOG.infof("alert %s acknowledged by %s", alertId, alert.ackedBy()));
    }

    public Uni<List<ProtectStep>> protectSteps(String upsId, int limit) {
        return call(() -> api.protectSteps(upsId, limit), null);
    }

    /** @param notFound the 404 detail where alert-service's 404 means "no such thing", null where it means a wrong URL */
    private <T> Uni<T> call(Supplier<Uni<? extends T>> request, String notFound) {
        if (password.isEmpty()) {
            LOG.errorf("cannot ask alert-service: %s is not set", PASSWORD_ENV);
            return Uni.createFrom().failure(ProblemException.unavailable("web-api has no credential for alert-service: set "
                    + PASSWORD_ENV + " to alert-service's API password"));
        }
        return Uni.createFrom().<T>deferred(request).onFailure().transform(failure -> problem(failure, notFound));
    }

    private ProblemException problem(Throwable failure, String notFound) {
        if (!(failure instanceof WebApplicationException answered)) {
            LOG.warnf("alert-service is not reachable at %s: %s", config.url(), failure.toString());
            return ProblemException.unavailable("alert-service is not reachable at " + config.url()
                    + " (" + failure.getClass().getSimpleName() + "): alerts cannot be shown or acknowledged now; try again later");
        }
        int status = answered.getResponse().getStatus();
        if (status == 401 || status == 403) {
            LOG.errorf("alert-service refuses web-api's credential (user '%s', HTTP %d): %s must be alert-service's API password",
                    config.user(), status, PASSWORD_ENV);
            return ProblemException.unavailable("alert-service refuses web-api's credential: " + PASSWORD_ENV
                    + " must be set to alert-service's API password on both services");
        }
        if (status == 404 && notFound != null) {
            return ProblemException.notFound(notFound);
        }
        LOG.errorf("alert-service at %s answered HTTP %d", config.url(), status);
        return ProblemException.badGateway("alert-service answered HTTP " + status);
    }

    /** HTTP Basic on every request to alert-service. */
    static final class BasicAuth implements ClientRequestFilter {

        private final String header;

        BasicAuth(String user, String password) {
            header = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void filter(ClientRequestContext request) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, header);
        }
    }
}
