package io.upsfleet.nut.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one request line into words the way NUT's parser does: words end at whitespace, {@code "..."} keeps
 * spaces inside a word, a backslash takes the next character literally (inside quotes too), and {@code #}
 * outside quotes starts a comment. At most {@link #MAX_WORDS} words are kept; more are dropped, as upsd drops
 * them.
 */
public final class Words {

    public static final int MAX_WORDS = 32;

    private Words() {
    }

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>(4);
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (quoted) {
                if (c == '"') {
                    quoted = false;
                    add(words, word);
                    inWord = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                if (inWord) {
                    add(words, word);
                }
                quoted = true;
                inWord = true;
            } else if (c == '#') {
                break;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                if (inWord) {
                    add(words, word);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord || quoted) {
            add(words, word);
        }
        return words;
    }

    private static void add(List<String> words, StringBuilder word) {
        if (words.size() < MAX_WORDS) {
            words.add(word.toString());
        }
        word.setLength(0);
    }

    /** A value as NUT sends it: in double quotes, with {@code \ " #} escaped by a backslash. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"' || c == '#') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
