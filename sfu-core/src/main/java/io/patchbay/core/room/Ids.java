package io.patchbay.core.room;

import java.util.Random;

final class Ids {
    private Ids() {
    }

    static String random(Random random, char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    /** Whether {@code value} is {@code prefix} then {@code length} characters of {@code alphabet}. */
    static boolean matches(String value, String prefix, char[] alphabet, int length) {
        if (value == null || value.length() != prefix.length() + length || !value.startsWith(prefix)) return false;
        for (int i = prefix.length(); i < value.length(); i++) {
            if (!contains(alphabet, value.charAt(i))) return false;
        }
        return true;
    }

    private static boolean contains(char[] alphabet, char c) {
        for (char a : alphabet) {
            if (a == c) return true;
        }
        return false;
    }
}
