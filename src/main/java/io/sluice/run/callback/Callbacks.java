package io.sluice.run.callback;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.sluice.problem.InvalidRequestException;
import io.sluice.source.http.HostAllowList;

/** What the run API asks of callbacks: is this one acceptable, remember it for a run, and how is its delivery going. */
@Component
public class Callbacks {

    private final CallbackProperties properties;
    private final CallbackLedger ledger;
    private final HostAllowList hosts;

    Callbacks(CallbackProperties properties, CallbackLedger ledger) {
        this.properties = properties;
        this.ledger = ledger;
        this.hosts = new HostAllowList(properties.allowedHosts(), "sluice.callbacks.allowed-hosts");
    }

    /** A 422 unless the callback can be delivered: a secret to sign with, and an http(s) URL on an allowed host. */
    public void check(RunCallback callback) {
        InvalidRequestException.check(properties.secret() != null && !properties.secret().isBlank(), "callback",
                "callbacks are off: sluice.callbacks.secret is not set, and Sluice sends no unsigned callback");
        hosts.check("callback.url", url(callback));
    }

    /** Called once the run is recorded and before it is queued, so that its end finds the callback. */
    public void register(UUID runId, RunCallback callback) {
        ledger.register(runId, url(callback));
    }

    public Optional<CallbackReport> report(UUID runId) {
        return ledger.report(runId);
    }

    private static URI url(RunCallback callback) {
        try {
            return new URI(callback.url().strip());
        } catch (java.net.URISyntaxException e) {
            throw InvalidRequestException.of("callback.url", "not a URL: %s", e.getMessage());
        }
    }
}
