package org.softlookup.controls;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * One slider of a control: a name, a range [min, max], a step and the value it starts at. The step is a power of ten
 * near a hundredth of the range, so that the readout shows round numbers (T from 0.01 to 2 moves by 0.01).
 */
public record Slider(String name, double min, double max, double step, double value) {

    public Slider {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a slider needs a name (it is the label the learner sees), but it was "
                    + (name == null ? "null" : "blank"));
        }
        finite(name, "min", min);
        finite(name, "max", max);
        finite(name, "step", step);
        finite(name, "value", value);
        if (min >= max) {
            throw new IllegalArgumentException(
                    "slider " + name + ": min must be below max, but min = " + min + " and max = " + max);
        }
        if (step <= 0 || step > max - min) {
            throw new IllegalArgumentException("slider " + name + ": step must be positive and at most max − min = "
                    + (max - min) + ", but it is " + step);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "slider " + name + ": value " + value + " lies outside [" + min + ", " + max + "]");
        }
    }

    /** A slider whose step is chosen from its range: 10^⌊log₁₀((max − min)/100)⌋. */
    public static Slider of(String name, double min, double max, double value) {
        double range = max - min;
        double step = range > 0 && Double.isFinite(range) ? Math.pow(10, Math.floor(Math.log10(range / 100))) : 1;
        return new Slider(name, min, max, step, value);
    }

    /**
     * A value from the front end as the readout shows it: inside [min, max] and rounded to the step's decimals, so a
     * view draws T = 0.7 where the front end's arithmetic sent 0.6999999999999998.
     */
    double snap(double x) {
        double inside = Math.max(min, Math.min(max, x));
        return new BigDecimal(inside)
                .setScale(decimals(), RoundingMode.HALF_EVEN)
                .doubleValue();
    }

    private int decimals() {
        return (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    }

    /** The readout's format, as many decimals as the step has: ".2f" for a step of 0.01, ".0f" for 1. */
    String readoutFormat() {
        return "." + decimals() + "f";
    }

    /** The slider in words, for where no widget can be drawn: "T from 0.01 to 2, at 0.2". */
    String describe() {
        return name + " from " + number(min) + " to " + number(max) + ", at " + number(value);
    }

    static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15
                ? String.valueOf((long) x)
                : String.format(Locale.ROOT, "%.6g", x).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static void finite(String slider, String what, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(
                    "slider " + slider + ": " + what + " must be a finite number, but it is " + x);
        }
    }
}
