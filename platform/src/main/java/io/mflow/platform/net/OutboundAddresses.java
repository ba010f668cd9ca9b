package io.mflow.platform.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses mflow may call on a user's behalf (webhooks, chat robots): never loopback, private, link-local
 * (cloud metadata services such as 169.254.169.254 live there), carrier-grade NAT, unique-local, multicast or
 * unspecified ones, nor NAT64 ({@code 64:ff9b::/96}, {@code 64:ff9b:1::/48}) and 6to4 ({@code 2002::/16}) addresses,
 * which carry an IPv4 address inside (a gateway would turn {@code 64:ff9b::a9fe:a9fe} into 169.254.169.254), unless
 * an operator allows their network. A name counts by every address it resolves to, so a public-looking name that
 * points inside is refused too.
 *
 * <p>A client that connects only to what {@link #addressesToCall} returned (its resolver) connects to the very
 * addresses that were checked, so a name whose records change between the check and the connection (DNS rebinding)
 * cannot take it inside. Redirects are never followed by mflow's clients, so a public endpoint cannot bounce a
 * request inside.
 */
public final class OutboundAddresses {

    private static final List<Network> REFUSED = List.of(
            Network.parse("0.0.0.0/8"), Network.parse("10.0.0.0/8"), Network.parse("100.64.0.0/10"),
            Network.parse("127.0.0.0/8"), Network.parse("169.254.0.0/16"), Network.parse("172.16.0.0/12"),
            Network.parse("192.0.0.0/24"), Network.parse("192.168.0.0/16"), Network.parse("198.18.0.0/15"),
            Network.parse("224.0.0.0/4"), Network.parse("240.0.0.0/4"),
            Network.parse("::/128"), Network.parse("::1/128"), Network.parse("fc00::/7"),
            Network.parse("fe80::/10"), Network.parse("ff00::/8"),
            Network.parse("64:ff9b::/96"), Network.parse("64:ff9b:1::/48"), Network.parse("2002::/16"));

    private final List<Network> allowed;
    private final Resolver resolver;

    /**
     * Why a call may not be made now.
     *
     * @param mayPassLater true for a name that does not resolve now: it may resolve at the next attempt
     */
    public record Refusal(String reason, boolean mayPassLater) {
    }

    /** A host that may not be called; an {@link UnknownHostException}, so that an HTTP client's resolver may throw it. */
    public static final class RefusedHost extends UnknownHostException {

        private final transient Refusal refusal;

        RefusedHost(Refusal refusal) {
            super(refusal.reason());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** How a host name becomes addresses: the system's resolver, or a test's. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public OutboundAddresses(List<String> allowedNetworks, Resolver resolver) {
        List<Network> networks = new ArrayList<>();
        for (String network : allowedNetworks) {
            if (network != null && !network.isBlank()) {
                networks.add(Network.parse(network.trim()));
            }
        }
        this.allowed = List.copyOf(networks);
        this.resolver = resolver;
    }

    /** @param allowedNetworks CIDR blocks, comma-separated ({@code 127.0.0.0/8,10.1.0.0/16}); empty: none */
    public static OutboundAddresses allowing(String allowedNetworks) {
        return new OutboundAddresses(allowedNetworks == null ? List.of() : Arrays.asList(allowedNetworks.split(",")),
                InetAddress::getAllByName);
    }

    /**
     * Why {@code url} may not be called, or null when it may. A name that does not resolve now is not refused here
     * (it may resolve where and when the call is made): {@link #refusalToCall} refuses it then.
     */
    public String refusal(String url) {
        Refusal refusal = check(url);
        return refusal == null || refusal.mayPassLater() ? null : refusal.reason();
    }

    /**
     * Why {@code url} may not be called now, or null when it may: as {@link #refusal}, and a name that does not
     * resolve is refused too, since the HTTP client would resolve it again on its own and might get an answer this
     * check never saw.
     */
    public Refusal refusalToCall(String url) {
        return check(url);
    }

    private Refusal check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Refusal("'" + url + "' is not a valid url", false);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Refusal("only http and https urls may be called, not '" + scheme + "'", false);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return new Refusal("the url has no host", false);
        }
        try {
            addressesToCall(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            return null;
        } catch (RefusedHost e) {
            return e.refusal();
        }
    }

    /**
     * Resolves {@code host} once and returns its addresses if every one may be called: what an HTTP client connects
     * to, so that it connects to what was checked and nothing else.
     *
     * @throws RefusedHost when the name does not resolve, or one of its addresses is internal
     */
    public InetAddress[] addressesToCall(String host) throws RefusedHost {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedHost(new Refusal("calls to " + host + " are refused: the name does not resolve", true));
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedHost(new Refusal("calls to " + host + " are refused: the name does not resolve", true));
        }
        for (InetAddress address : addresses) {
            if (isRefused(address)) {
                throw new RefusedHost(new Refusal("calls to " + host + " (" + address.getHostAddress() + ") are"
                        + " refused: it is a loopback, private, link-local, NAT64, 6to4 or otherwise internal address"
                        + " (allow its network with mflow.notify.allowed-private-networks)", false));
            }
        }
        return addresses;
    }

    private boolean isRefused(InetAddress address) {
        InetAddress plain = unmapped(address);
        boolean internal = REFUSED.stream().anyMatch(n -> n.contains(plain));
        return internal && allowed.stream().noneMatch(n -> n.contains(plain));
    }

    /** An IPv4 address written as IPv6 ({@code ::ffff:127.0.0.1}) is judged as the IPv4 address it is. */
    private static InetAddress unmapped(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    /** A CIDR block. */
    record Network(byte[] prefix, int bits) {

        static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            try {
                byte[] bytes = InetAddress.getByName(host).getAddress();
                int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("'" + cidr + "' has a prefix length out of range");
                }
                return new Network(bytes, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + cidr + "' is not a network in CIDR notation", e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
