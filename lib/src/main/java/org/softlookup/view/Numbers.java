package org.softlookup.view;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.util.Locale;

/**
 * Numbers as text, the same way in charts, tables and matrices: a point whatever the machine's language, no
 * grouping, NaN as NaN, infinities as ∞ and -∞, and never "-0.00" (a value that rounds to zero prints as zero).
 * <p>
 * One minus sign everywhere, the ASCII hyphen-minus: it is what Java, Tablesaw and every parser write and read, so
 * a number copied out of an output pastes into a cell as code (a typographic − would not compile), and the stored
 * lessons' tables already print it.
 */
public final class Numbers {

    private Numbers() {}

    /** A format for a {@link DecimalFormat} pattern such as "0.00" or "0.0E0", with the rules above. */
    public static DecimalFormat pattern(String pattern) {
        return new Plain(pattern);
    }

    /** A format with exactly {@code decimals} digits after the point (0 to 15), with the rules above. */
    public static DecimalFormat decimals(int decimals) {
        if (decimals < 0 || decimals > 15) {
            throw new IllegalArgumentException("decimals must be between 0 and 15, but it is " + decimals);
        }
        return pattern(decimals == 0 ? "0" : "0." + "0".repeat(decimals));
    }

    /** 4 significant digits, plain notation where it stays short (10⁻⁴ ≤ |x| &lt; 10⁷), scientific beyond. */
    public static String significant(double x) {
        if (!Double.isFinite(x) || x == 0) {
            return special(x);
        }
        double abs = Math.abs(x);
        if (abs >= 1e-4 && abs < 1e7) {
            return new BigDecimal(x)
                    .round(new MathContext(4))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", x);
    }

    /** NaN, ∞, -∞ and 0, which every format writes the same way. */
    private static String special(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "-∞";
        }
        return "0";
    }

    private static final class Plain extends DecimalFormat {
        private final boolean scientific;

        Plain(String pattern) {
            super(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
            scientific = pattern.contains("E");
        }

        @Override
        public StringBuffer format(double number, StringBuffer result, FieldPosition position) {
            if (!Double.isFinite(number) || (number == 0 && scientific)) { // 0, not 0.0E0
                return result.append(special(number));
            }
            StringBuffer s = super.format(number, new StringBuffer(), position);
            // "-0.00" is a rounding artefact, not information a learner can use
            if (s.length() > 0 && s.charAt(0) == '-' && s.chars().noneMatch(c -> c >= '1' && c <= '9')) {
                s.deleteCharAt(0);
            }
            return result.append(s);
        }
    }
}
