package org.softlookup.exercises;

/**
 * What {@link Question#check} says about an answer: one line that starts with ✓ (correct), ✗ (wrong, and why) or
 * … (not answered yet); and what a lesson's {@link Checks} says when its claim holds. A notebook shows it as that
 * line, coloured; anywhere else it is its text.
 */
public record Verdict(Kind kind, String text) {

    /** Correct, wrong, or not answered yet. */
    public enum Kind {
        CORRECT,
        WRONG,
        NOT_ANSWERED
    }

    /** True for a correct answer. */
    public boolean correct() {
        return kind == Kind.CORRECT;
    }

    /** The verdict as a small HTML block: green for correct, red for wrong, grey for not answered. */
    public String html() {
        String colour = switch (kind) {
            case CORRECT -> "#1a7f37";
            case WRONG -> "#b42318";
            case NOT_ANSWERED -> "#57606a";
        };
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<div style=\"border-left: 4px solid " + colour + "; padding: 2px 8px; color: " + colour + "\">"
                + escaped + "</div>";
    }

    @Override
    public String toString() {
        return text;
    }
}
