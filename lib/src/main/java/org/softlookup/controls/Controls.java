package org.softlookup.controls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Live controls in a notebook: sliders (Jupyter widgets, linear or log) and a view that is redrawn in place as they
 * move.
 * {@code Controls.slider("T", 0.01, 2, 0.2, t -> Charts.bars(...))} shows one slider; the view may return a chart,
 * a text, or a {@code List} of them, each shown as its own output.
 */
public final class Controls {

    private Controls() {}

    /** Called by the notebook extension when the kernel starts. */
    public static void install(BaseKernel kernel) {
        Kernel.attach(kernel);
    }

    /**
     * True while a control draws a frame of a drag on this thread: the notebook's renderer then draws charts at the
     * screen's own pixel size, not at 2×, to keep up with the learner's hand (the last frame is drawn at 2× again).
     */
    public static boolean drafting() {
        return Live.drafting();
    }

    /**
     * One slider from {@code min} to {@code max} starting at {@code value}, and {@code view} drawn at its value: now,
     * and again whenever the learner moves it (only the latest value when they move faster than it draws).
     */
    public static void slider(String name, double min, double max, double value, DoubleFunction<?> view) {
        Objects.requireNonNull(view, "view");
        sliders().add(name, min, max, value).show(v -> view.apply(v.get(name)));
    }

    /**
     * One log slider from {@code min} to {@code max}, each step multiplying the value by {@code factor}, starting at
     * {@code value}: {@code Controls.logSlider("d_k", 2, 512, 2, 512, d -> …)} moves through 2, 4, 8, …, 512.
     */
    public static void logSlider(
            String name, double min, double max, double factor, double value, DoubleFunction<?> view) {
        Objects.requireNonNull(view, "view");
        sliders().addLog(name, min, max, factor, value).show(v -> view.apply(v.get(name)));
    }

    /** Several sliders with one view: {@code Controls.sliders().add("T", …).add("hue", …).show(v -> …)}. */
    public static Builder sliders() {
        return new Builder();
    }

    /** The sliders of one control, added in the order they are shown. */
    public static final class Builder {
        private final List<Slider> sliders = new ArrayList<>();

        private Builder() {}

        /** A slider whose step is a round number near a hundredth of its range. */
        public Builder add(String name, double min, double max, double value) {
            return add(Slider.of(name, min, max, value));
        }

        /** A slider with its own step. */
        public Builder add(String name, double min, double max, double step, double value) {
            return add(new Slider(name, min, max, step, value));
        }

        /** A log slider: each step multiplies the value by {@code factor}, as in {@link Controls#logSlider}. */
        public Builder addLog(String name, double min, double max, double factor, double value) {
            return add(Slider.log(name, min, max, factor, value));
        }

        private Builder add(Slider slider) {
            if (sliders.stream().anyMatch(s -> s.name().equals(slider.name()))) {
                throw new IllegalArgumentException("there is a slider called \"" + slider.name() + "\" already: "
                        + "each needs its own name, which the view reads its value by");
            }
            sliders.add(slider);
            return this;
        }

        /** Shows the sliders and the view at their values, redrawn as they move. */
        public void show(Function<Values, ?> view) {
            Objects.requireNonNull(view, "view");
            if (sliders.isEmpty()) {
                throw new IllegalArgumentException("no sliders to show: add one first, e.g. .add(\"T\", 0.01, 2, 0.2)");
            }
            Live.show(sliders, view);
        }
    }
}
