package io.patchbay.signaling.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenModeAccessTest {
    @ParameterizedTest
    @CsvSource({"127.0.0.1,true", "127.9.9.9,true", "::1,true", "::ffff:127.0.0.1,true", "10.0.0.5,false",
            "192.168.1.20,false", "0.0.0.0,false", "fe80::1,false", "::ffff:10.0.0.1,false", "localhost,false",
            "'',false"})
    void onlyLoopbackPeersMayUseTheApiWithoutAKey(String address, boolean allowed) {
        assertEquals(allowed, OpenModeAccess.allowed(address), address);
    }
}
