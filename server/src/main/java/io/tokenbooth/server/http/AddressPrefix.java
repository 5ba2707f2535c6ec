package io.tokenbooth.server.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The source a client address counts as for rate limits and login throttling: an IPv4 address as such, an IPv6
 * address as its /64 (RFC 4291 §2.5.4: one subnet, what a single customer line or host is usually given, so that
 * rotating addresses inside it gains nothing), an IPv4-mapped IPv6 address as the IPv4 address. Anything else
 * (an X-Forwarded-For value that is no address) is kept as given, at most 64 characters. Never resolves a name.
 */
public final class AddressPrefix {
    private static final int MAX_LENGTH = 64;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private AddressPrefix() {
    }

    public static String of(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (IPV4.matcher(a).matches()) {
            String v4 = ipv4(a);
            if (v4 != null) {
                return v4;
            }
        } else if (a.indexOf(':') >= 0 && IPV6.matcher(a).matches()) {
            // With a ':' InetAddress parses an IPv6 literal and never falls back to a DNS lookup.
            try {
                return prefix(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                // not a valid literal after all: keep the text
            }
        }
        String kept = address.trim().toLowerCase(Locale.ROOT);
        return kept.length() <= MAX_LENGTH ? kept : kept.substring(0, MAX_LENGTH);
    }

    /** Dotted decimal without leading zeros, or null when an octet is past 255. */
    private static String ipv4(String a) {
        StringBuilder s = new StringBuilder();
        for (String octet : a.split("\\.")) {
            int v = Integer.parseInt(octet);
            if (v > 255) {
                return null;
            }
            s.append(s.isEmpty() ? "" : ".").append(v);
        }
        return s.toString();
    }

    private static String prefix(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ((Inet6Address) ip).getAddress();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return s.append(":/64").toString();
    }
}
