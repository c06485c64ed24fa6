package org.softlookup.controls;

import java.util.List;
import java.util.StringJoiner;

/** The sliders' values at one moment, by name: {@code v.get("T")}. */
public final class Values {

    private final List<String> names;
    private final double[] values;

    Values(List<String> names, double[] values) {
        this.names = names;
        this.values = values;
    }

    /** The value of the slider called {@code name}. */
    public double get(String name) {
        int k = names.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no slider is called \"" + name + "\"; the sliders are " + names);
        }
        return values[k];
    }

    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ");
        for (int k = 0; k < values.length; k++) {
            s.add(names.get(k) + " = " + Slider.number(values[k]));
        }
        return s.toString();
    }
}
