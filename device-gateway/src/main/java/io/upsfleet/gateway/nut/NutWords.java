package io.upsfleet.gateway.nut;

import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the NUT network protocol's line syntax (RFC 9271 section 4): words separated by spaces,
 * a word in double quotes may hold spaces, a backslash escapes the next character. nut-server has its own
 * server-side parser ({@code nut-server} {@code protocol.Words}); this one is the gateway's, kept here so that
 * the gateway does not depend on the server module.
 */
public final class NutWords {

    private NutWords() {
    }

    /** The words of one reply line; an unterminated quote ends at the end of the line. */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code s} as one word of a request: quoted, with quotes and backslashes escaped. */
    public static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A word that a request may carry as is (UPS, variable and command names). */
    public static boolean isPlain(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '"' && c != '\\');
    }
}
