package io.upsfleet.gateway.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpsDefinitionUriTest {

    @Test
    void rfc2217UriCarriesTheLineSettings() {
        assertEquals(new UpsDefinition.Rfc2217("10.0.0.5", 4001, 2400, true, false),
                UpsDefinition.parseEndpoint("u", "rfc2217://10.0.0.5:4001"));
        assertEquals(new UpsDefinition.Rfc2217("moxa-4", 950, 9600, false, true),
                UpsDefinition.parseEndpoint("u", "rfc2217://moxa-4:950?baud=9600&dtr=false&rts=true"));
    }

    @Test
    void badRfc2217UrisAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UpsDefinition.parseEndpoint("u", "rfc2217://host"))
                .getMessage().contains("rfc2217://host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UpsDefinition.parseEndpoint("u", "rfc2217://h:1?baud=x"))
                .getMessage().contains("baud must be a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UpsDefinition.parseEndpoint("u", "rfc2217://h:1?parity=e"))
                .getMessage().contains("unknown line option 'parity'"));
    }

    @Test
    void serialAndTcpUrisAreReadAsBefore() {
        assertEquals(new UpsDefinition.Serial("/dev/ttyS0", 2400, true, false), UpsDefinition.parseEndpoint("u", "serial:/dev/ttyS0"));
        assertEquals(new UpsDefinition.Serial("/dev/ttyUSB0", 4800, false, true),
                UpsDefinition.parseEndpoint("u", "serial:/dev/ttyUSB0?baud=4800&dtr=false&rts=true"));
        assertEquals(new UpsDefinition.Tcp("h", 4001), UpsDefinition.parseEndpoint("u", "tcp://h:4001"));
    }
}
