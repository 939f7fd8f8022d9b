package io.upsfleet.contracts;

/** A payload a gateway publishes: it names the gateway, whose clock stamped it. */
public interface FromGateway {

    String gatewayId();
}
