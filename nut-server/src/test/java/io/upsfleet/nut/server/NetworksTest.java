package io.upsfleet.nut.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworksTest {

    @Test
    void addressesInsideAConfiguredNetworkMatchOthersDoNot() {
        Networks n = Networks.parse(List.of("127.0.0.0/8", "::1/128", "192.0.2.0/25", "2001:db8::/32"));
        assertTrue(n.test("127.0.0.1"));
        assertTrue(n.test("127.255.0.9"));
        assertTrue(n.test("::1"));
        assertTrue(n.test("0:0:0:0:0:0:0:1"));
        assertTrue(n.test("192.0.2.127"));
        assertFalse(n.test("192.0.2.128"));
        assertTrue(n.test("2001:db8::42"));
        assertTrue(n.test("::ffff:127.0.0.1"), "an IPv4 client on a dual-stack socket");
        assertFalse(n.test("10.0.0.1"));
        assertFalse(n.test("::2"));
        assertFalse(n.test("localhost"), "names are never resolved");
        assertFalse(n.test("999.1.1.1"));
    }

    @Test
    void noneMeansNobodyAndASingleAddressIsAHostNetwork() {
        assertFalse(Networks.parse(List.of("none")).test("127.0.0.1"));
        Networks one = Networks.parse(List.of("127.0.0.1"));
        assertTrue(one.test("127.0.0.1"));
        assertFalse(one.test("127.0.0.2"));
    }

    @Test
    void aTypoIsAnErrorNotASilentlyOpenOrClosedDoor() {
        assertThrows(IllegalArgumentException.class, () -> Networks.parse(List.of("127.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> Networks.parse(List.of("my-lan")));
        assertThrows(IllegalArgumentException.class, () -> Networks.parse(List.of("10.0.0.0/x")));
    }
}
