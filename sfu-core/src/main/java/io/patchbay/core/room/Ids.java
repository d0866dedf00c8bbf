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
}
