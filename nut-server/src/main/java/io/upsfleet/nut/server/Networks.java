package io.upsfleet.nut.server;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A set of networks in CIDR notation ({@code 127.0.0.0/8}, {@code ::1/128}, {@code 192.0.2.7}) and whether an
 * address lies in one. Only literal addresses are accepted: nothing here resolves a name.
 */
public final class Networks implements Predicate<String> {

    private record Net(byte[] prefix, int bits) {
    }

    private final List<Net> nets;

    private Networks(List<Net> nets) {
        this.nets = nets;
    }

    /** @throws IllegalArgumentException for anything but a literal address with an optional /bits */
    public static Networks parse(List<String> cidrs) {
        List<Net> nets = new ArrayList<>();
        for (String raw : cidrs) {
            String cidr = raw.trim();
            if (cidr.isEmpty() || cidr.equalsIgnoreCase("none")) {
                continue;
            }
            int slash = cidr.indexOf('/');
            byte[] address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an IP address: " + raw);
            }
            int bits;
            try {
                bits = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + raw);
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + raw);
            }
            nets.add(new Net(address, bits));
        }
        return new Networks(List.copyOf(nets));
    }

    @Override
    public boolean test(String address) {
        byte[] a = literal(address);
        if (a == null) {
            return false;
        }
        if (a.length == 16 && isV4Mapped(a)) {
            a = java.util.Arrays.copyOfRange(a, 12, 16);
        }
        for (Net n : nets) {
            if (n.prefix().length == a.length && samePrefix(n.prefix(), a, n.bits())) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePrefix(byte[] net, byte[] a, int bits) {
        if (bits == 0) {
            return true;
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(net.length * 8 - bits);
        return new BigInteger(1, net).and(mask).equals(new BigInteger(1, a).and(mask));
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** The bytes of a literal IPv4/IPv6 address, or null (never a DNS lookup). */
    private static byte[] literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (t.indexOf(':') < 0) {
            return v4(t);
        }
        if (!t.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
            return null;
        }
        try {
            return InetAddress.getByName(t).getAddress(); // a colon makes it a literal: never a DNS lookup
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static byte[] v4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            out[i] = (byte) octet;
        }
        return out;
    }
}
