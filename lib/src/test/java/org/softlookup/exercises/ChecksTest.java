package org.softlookup.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A lesson's self-check shows the exercises' ✓ line when its claim holds, and fails loudly when it does not. */
class ChecksTest {

    @Test
    void aClaimThatHoldsShowsTheCheckedLineAsACorrectVerdict() {
        Verdict v = Checks.that(1 + 1 == 2, "one plus one is two", "arithmetic is broken");
        assertEquals(new Verdict(Verdict.Kind.CORRECT, "✓ one plus one is two"), v);
        assertEquals("✓ one plus one is two", v.toString());
        assertEquals(new Verdict(Verdict.Kind.CORRECT, "✓ all rows sum to 1"), Checks.passed("all rows sum to 1"));
        Checks.require(true, "never shown");
    }

    @Test
    void aClaimThatFailsThrowsAnAssertionErrorWithWhatWentWrong() {
        AssertionError e =
                assertThrows(AssertionError.class, () -> Checks.that(false, "never shown", "row 3 sums to 2"));
        assertEquals("✗ row 3 sums to 2", e.getMessage());
        e = assertThrows(AssertionError.class, () -> Checks.require(false, "the gap should shrink with T"));
        assertEquals("✗ the gap should shrink with T", e.getMessage());
    }

    @Test
    void aFailedConditionStopsTheCellBeforeItsCheckedLine() {
        StringBuilder shown = new StringBuilder();
        assertThrows(AssertionError.class, () -> {
            Checks.require(true, "first");
            Checks.require(false, "second");
            shown.append(Checks.passed("both held").text());
        });
        assertEquals("", shown.toString());
    }
}
