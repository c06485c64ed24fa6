package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Asserts that bad input fails with an IllegalArgumentException whose message says what is wrong. */
public final class Errors {

    private Errors() {}

    public static void assertRejects(Executable call, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), () -> "message lacks \"" + w + "\": " + e.getMessage());
        }
    }
}
