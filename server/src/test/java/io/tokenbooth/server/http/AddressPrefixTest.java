package io.tokenbooth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The source an address counts as (issue 15 defect 3): IPv4 as is, IPv6 by its /64, never a DNS lookup. */
class AddressPrefixTest {

    @Test
    void ofWhenIpv4ThenTheAddressWithoutLeadingZeros() {
        assertThat(AddressPrefix.of("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(AddressPrefix.of("198.051.100.007")).isEqualTo("198.51.100.7");
    }

    @Test
    void ofWhenIpv6AddressesShareA64ThenOneSource() {
        String a = AddressPrefix.of("2001:db8:1:2::1");
        assertThat(a).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressPrefix.of("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).isEqualTo(a);
        assertThat(AddressPrefix.of("[2001:db8:1:2::99]")).isEqualTo(a);
        assertThat(AddressPrefix.of("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
        assertThat(AddressPrefix.of("2001:db8:1:3::1")).isNotEqualTo(a);
    }

    @Test
    void ofWhenIpv4MappedIpv6ThenTheIpv4Address() {
        assertThat(AddressPrefix.of("::ffff:198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void ofWhenNotAnAddressThenTheTextBoundedAndNothingResolved() {
        // Names are kept as text (a lookup here would let a client make the server query DNS).
        assertThat(AddressPrefix.of("localhost")).isEqualTo("localhost");
        assertThat(AddressPrefix.of("999.1.1.1")).isEqualTo("999.1.1.1");
        assertThat(AddressPrefix.of("abcd")).isEqualTo("abcd");
        assertThat(AddressPrefix.of("x".repeat(100))).hasSize(64);
        assertThat(AddressPrefix.of(null)).isEqualTo("unknown");
        assertThat(AddressPrefix.of(":::")).isEqualTo(":::");
    }
}
