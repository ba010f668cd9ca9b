package io.mflow.launcher;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the engine's parts listen ({@code MFLOW_BIND_ADDRESS}, 127.0.0.1 unless set) and the host the broker tells
 * its clients to connect to. The parts reach each other over 127.0.0.1 whatever the bind address, so only an IPv4
 * loopback or the wildcard address (0.0.0.0, to be reached from other machines) works.
 *
 * @param address        what the services, the broker and the store bind to
 * @param advertisedHost what the broker advertises: the bind address, or for the wildcard {@code MFLOW_ADVERTISED_HOST}
 *                       (127.0.0.1 unless set), since a client cannot connect to 0.0.0.0
 * @param everyInterface whether other machines can reach what listens there
 */
record BindAddress(String address, String advertisedHost, boolean everyInterface) {

    static final BindAddress LOOPBACK = new BindAddress("127.0.0.1", "127.0.0.1", false);

    static BindAddress fromEnvironment() {
        String address = envOr("MFLOW_BIND_ADDRESS", LOOPBACK.address());
        InetAddress resolved;
        try {
            resolved = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("MFLOW_BIND_ADDRESS=" + address + " is not an address", e);
        }
        if (resolved.isAnyLocalAddress()) {
            return new BindAddress(address, envOr("MFLOW_ADVERTISED_HOST", LOOPBACK.address()), true);
        }
        if (resolved.isLoopbackAddress() && resolved instanceof Inet4Address) {
            return new BindAddress(address, address, false);
        }
        throw new IllegalArgumentException("MFLOW_BIND_ADDRESS=" + address + ": the embedded engine binds to 127.0.0.1"
                + " or to 0.0.0.0, because its parts reach each other over 127.0.0.1");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
