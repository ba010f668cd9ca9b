package io.mflow.platform.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundAddressesTest {

    /** Names resolve as a test says, so nothing here depends on the machine's DNS. */
    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.215.14",
            "inside.example.com", "10.1.2.3",
            "metadata.google.internal", "169.254.169.254",
            "nat64.example.com", "64:ff9b::a9fe:a9fe");

    private static OutboundAddresses allowing(String... networks) {
        return new OutboundAddresses(List.of(networks), host -> {
            String address = DNS.get(host);
            if (address == null && !Character.isDigit(host.charAt(0)) && !host.contains(":")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address != null ? address : host)};
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost.localdomain.invalid.test/x",
            "http://10.0.0.5/", "http://172.20.1.1/", "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data",
            "http://[::1]/", "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
            "http://0.0.0.0/", "http://100.64.1.1/", "http://inside.example.com/hook",
            "http://metadata.google.internal/computeMetadata/v1/"})
    void internalAddressesAreRefused(String url) {
        String refusal = allowing().refusal(url);
        if (url.contains("invalid.test")) {
            assertThat(refusal).as("a name that does not resolve is left to the call").isNull();
        } else {
            assertThat(refusal).as(url).isNotNull().contains("refused");
        }
    }

    @Test
    void aPublicAddressMayBeCalled() {
        assertThat(allowing().refusal("https://hooks.example.com/services/T0/B0/x?token=1")).isNull();
        assertThat(allowing().refusal("https://93.184.215.14/hook")).isNull();
    }

    @Test
    void anAllowedNetworkMayBeCalledAndOnlyThatOne() {
        OutboundAddresses loopbackAllowed = allowing("127.0.0.0/8");
        assertThat(loopbackAllowed.refusal("http://127.0.0.1:9000/hook")).isNull();
        assertThat(loopbackAllowed.refusal("http://10.0.0.5/")).isNotNull();
    }

    @Test
    void onlyHttpAndHttpsUrlsMayBeCalled() {
        assertThat(allowing().refusal("file:///etc/passwd")).contains("only http and https");
        assertThat(allowing().refusal("gopher://hooks.example.com/")).contains("only http and https");
        assertThat(allowing().refusal("not a url")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[64:ff9b::a9fe:a9fe]/latest/meta-data", "http://[64:ff9b::7f00:1]/",
            "http://[64:ff9b:1:2::a00:5]/", "http://[2002:a9fe:a9fe::1]/", "http://[2002:7f00:1::]/",
            "http://nat64.example.com/hook"})
    void nat64And6to4AddressesWhichCarryAnIpv4AddressInsideAreRefused(String url) {
        assertThat(allowing().refusal(url)).as(url).isNotNull().contains("refused");
        assertThat(allowing().refusalToCall(url).mayPassLater()).isFalse();
    }

    @Test
    void anAllowedNat64NetworkMayBeCalled() {
        assertThat(allowing("64:ff9b::/96").refusal("http://[64:ff9b::5db8:d70e]/hook")).isNull();
    }

    @Test
    void aNameThatDoesNotResolveIsRefusedWhenItIsToBeCalledAndMayPassLater() {
        OutboundAddresses.Refusal refusal = allowing().refusalToCall("https://nowhere.example.invalid/hook");

        assertThat(refusal.reason()).isEqualTo("calls to nowhere.example.invalid are refused: the name does not resolve");
        assertThat(refusal.mayPassLater()).as("a name may resolve at the next attempt").isTrue();
        assertThat(allowing().refusalToCall("https://hooks.example.com/hook")).isNull();
        assertThat(allowing().refusalToCall("http://inside.example.com/hook").mayPassLater()).isFalse();
    }
}
