package dev.twin.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void forLambda_prefersCloudFrontsViewerAddress_withoutItsPort() {
        assertThat(ClientAddress.forLambda("198.51.100.10:46532", "130.176.1.1"))
                .isEqualTo("198.51.100.10");
        assertThat(ClientAddress.forLambda("2001:db8:1:2:3:4:5:6:46532", "130.176.1.1"))
                .isEqualTo("2001:db8:1:2:3:4:5:6");
    }

    @Test
    void forLambda_fallsBackToTheSourceIp_whenTheViewerAddressIsMissingOrNotUsable() {
        assertThat(ClientAddress.forLambda(null, "203.0.113.10")).isEqualTo("203.0.113.10");
        assertThat(ClientAddress.forLambda("not an address", "203.0.113.10"))
                .isEqualTo("203.0.113.10");
        // a CloudFront viewer is never loopback or private: such a value was written by a direct
        // caller
        assertThat(ClientAddress.forLambda("127.0.0.1:1", "203.0.113.10"))
                .isEqualTo("203.0.113.10");
        assertThat(ClientAddress.forLambda("10.0.0.1:1", "203.0.113.10")).isEqualTo("203.0.113.10");
        assertThat(ClientAddress.forLambda(null, null)).isNull();
    }

    @Test
    void parse_acceptsOnlyIpLiterals_soNoValueEverTriggersADnsLookup() {
        assertThat(ClientAddress.parse("example.com")).isNull();
        assertThat(ClientAddress.parse("cafe")).isNull();
        assertThat(ClientAddress.parse("999.1.1.1")).isNull();
        assertThat(ClientAddress.parse("1.2.3.4.example.com")).isNull();
        assertThat(ClientAddress.parse("x".repeat(10_000))).isNull();
        assertThat(ClientAddress.parse("::1")).isNotNull();
    }

    @Test
    void limitKey_groupsIpv6ByItsSlash64_andSkipsLoopback() {
        assertThat(ClientAddress.limitKey("2001:db8:1:2:aaaa::1"))
                .isEqualTo(ClientAddress.limitKey("2001:db8:1:2:ffff::9"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.limitKey("2001:db8:1:3::1"))
                .isNotEqualTo(ClientAddress.limitKey("2001:db8:1:2::1"));
        assertThat(ClientAddress.limitKey("203.0.113.10")).isEqualTo("203.0.113.10");
        assertThat(ClientAddress.limitKey("127.0.0.1")).isNull();
        assertThat(ClientAddress.limitKey("::1")).isNull();
        assertThat(ClientAddress.limitKey(null)).isNull();
    }
}
