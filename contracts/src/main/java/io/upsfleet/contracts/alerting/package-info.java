/**
 * The REST contract of alert-service ({@code /api/alerts}, {@code /api/protect/events}), which web-api calls
 * for the operators: the JSON both sides read and write, so they cannot disagree.
 */
package io.upsfleet.contracts.alerting;
