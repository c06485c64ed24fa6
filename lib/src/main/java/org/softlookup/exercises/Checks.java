package org.softlookup.exercises;

/**
 * A lesson's self-checks, said the way an exercise's verdict is: {@code Checks.that(claim, "what was checked",
 * "what went wrong")} shows "✓ what was checked" when the claim holds and throws an AssertionError "✗ what went
 * wrong" when it does not, so a false claim fails the cell (and the notebook tests) loudly instead of printing ✗.
 */
public final class Checks {

    private Checks() {}

    /** ✓ what was checked, as a verdict; an AssertionError "✗ wrong" if the claim does not hold. */
    public static Verdict that(boolean claim, String checked, String wrong) {
        require(claim, wrong);
        return passed(checked);
    }

    /** One of several conditions of a check: nothing if it holds, an AssertionError "✗ wrong" if not. */
    public static void require(boolean condition, String wrong) {
        if (!condition) {
            throw new AssertionError("✗ " + wrong);
        }
    }

    /** The ✓ line that ends a check whose conditions were each {@link #require}d before it. */
    public static Verdict passed(String checked) {
        return new Verdict(Verdict.Kind.CORRECT, "✓ " + checked);
    }
}
