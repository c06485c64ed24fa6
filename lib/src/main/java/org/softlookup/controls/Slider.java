package org.softlookup.controls;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * One slider of a control: a name, a range [min, max], a step and the value it starts at. On a linear slider the step
 * is added: by default a power of ten near a hundredth of the range, so that the readout shows round numbers (T from
 * 0.01 to 2 moves by 0.01). On a log slider ({@code log}) the step is a factor: d_k from 2 to 512 by a factor of 2
 * moves through 2, 4, 8, …, 512, each doubling as long on screen as the next.
 */
public record Slider(String name, double min, double max, double step, double value, boolean log) {

    /** How far a log slider's range and value may be from whole steps, by rounding (512 = 2 · 2⁸). */
    private static final double WHOLE = 1e-9;

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
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "slider " + name + ": value " + value + " lies outside [" + min + ", " + max + "]");
        }
        if (log) {
            checkLog(name, min, max, step, value);
        } else if (step <= 0 || step > max - min) {
            throw new IllegalArgumentException("slider " + name + ": step must be positive and at most max − min = "
                    + (max - min) + ", but it is " + step);
        }
    }

    /** A linear slider with its own step. */
    public Slider(String name, double min, double max, double step, double value) {
        this(name, min, max, step, value, false);
    }

    /** A log slider: each step multiplies the value by {@code factor}, from min to max (max = min · factorⁿ). */
    public static Slider log(String name, double min, double max, double factor, double value) {
        return new Slider(name, min, max, factor, value, true);
    }

    private static void checkLog(String name, double min, double max, double factor, double value) {
        if (min <= 0) {
            throw new IllegalArgumentException(
                    "slider " + name + ": a log slider's min must be positive, but it is " + min);
        }
        if (factor <= 1) {
            throw new IllegalArgumentException("slider " + name + ": a log slider's step is the factor each step "
                    + "multiplies by, so it must be above 1, but it is " + factor);
        }
        if (!whole(steps(min, max, factor))) {
            throw new IllegalArgumentException("slider " + name + ": max must be min times a whole power of the "
                    + "factor " + number(factor) + ", but " + number(max) + " / " + number(min) + " = "
                    + number(max / min) + " is not");
        }
        if (!whole(steps(min, value, factor))) {
            throw new IllegalArgumentException("slider " + name + ": value " + number(value) + " is not one of the "
                    + "slider's values " + number(min) + ", " + number(min * factor) + ", …, " + number(max));
        }
    }

    /** How many steps of a log slider lead from {@code from} to {@code to}. */
    private static double steps(double from, double to, double factor) {
        return Math.log(to / from) / Math.log(factor);
    }

    private static boolean whole(double x) {
        return Math.abs(x - Math.rint(x)) < WHOLE;
    }

    /** A slider whose step is chosen from its range: 10^⌊log₁₀((max − min)/100)⌋. */
    public static Slider of(String name, double min, double max, double value) {
        double range = max - min;
        double step = range > 0 && Double.isFinite(range) ? Math.pow(10, Math.floor(Math.log10(range / 100))) : 1;
        return new Slider(name, min, max, step, value);
    }

    /**
     * A value from the front end as the readout shows it: inside [min, max] and rounded to the step's decimals, so a
     * view draws T = 0.7 where the front end's arithmetic sent 0.6999999999999998; on a log slider, the nearest of
     * its values (2⁹ = 512, never 511.99999999999994).
     */
    double snap(double x) {
        if (log) {
            double k = Math.max(0, Math.min(Math.rint(steps(min, max, step)), Math.rint(steps(min, x, step))));
            double v = Double.isNaN(k) ? min : min * Math.pow(step, k);
            return new BigDecimal(v).round(new MathContext(12)).doubleValue();
        }
        double inside = Math.max(min, Math.min(max, x));
        return new BigDecimal(inside)
                .setScale(decimals(), RoundingMode.HALF_EVEN)
                .doubleValue();
    }

    private int decimals() {
        return (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    }

    /**
     * The readout's format, as many decimals as the step has: ".2f" for a step of 0.01, ".0f" for 1; on a log slider
     * ".0f" when its values are whole numbers, else three significant digits.
     */
    String readoutFormat() {
        if (log) {
            return min == Math.rint(min) && step == Math.rint(step) ? ".0f" : ".3~g";
        }
        return "." + decimals() + "f";
    }

    /**
     * The slider in words, for where no widget can be drawn: "T from 0.01 to 2, at 0.2", "d_k from 2 to 512 in steps
     * of ×2, at 512".
     */
    String describe() {
        return name + " from " + number(min) + " to " + number(max) + (log ? " in steps of ×" + number(step) : "")
                + ", at " + number(value);
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
