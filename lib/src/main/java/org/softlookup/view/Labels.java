package org.softlookup.view;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Labels and text in charts: defaults, counts, thinning, shortening, measuring, centring; series order. */
final class Labels {

    private static final int MAX_LABEL_CHARS = 16;
    private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);

    private Labels() {}

    /** The given labels, or 0, 1, 2, ... when null; the count must match what they label. */
    static List<String> labels(String name, List<String> given, int count, String what) {
        if (given == null) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(Integer.toString(i));
            }
            return out;
        }
        if (given.size() != count) {
            throw new IllegalArgumentException(name + " has " + given.size() + " labels, but there are " + count + " "
                    + what + ": give one label per " + what.replaceAll("s$", "") + " (or null for 0, 1, 2, ...)");
        }
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null) {
                throw new IllegalArgumentException(name + " has null at index " + i + ": every label must be a string");
            }
        }
        return new ArrayList<>(given);
    }

    /**
     * Keeps every k-th label (k as small as lets each kept label have {@code need} pixels) and blanks the rest.
     * Blank is a space: XChart cannot lay out an empty string.
     */
    static List<String> thin(List<String> labels, double need, double slot) {
        int every = Math.max(1, (int) Math.ceil(need / slot));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            out.add(i % every == 0 ? nonBlank(shorten(labels.get(i))) : " ");
        }
        return out;
    }

    static String nonBlank(String s) {
        return s.isEmpty() ? " " : s;
    }

    /** Long labels lose their middle, not their end: "keyword_number_10" and "_11" must stay apart. */
    static String shorten(String s) {
        if (s.length() <= MAX_LABEL_CHARS) {
            return s;
        }
        int tail = (MAX_LABEL_CHARS - 1) / 2;
        int head = MAX_LABEL_CHARS - 1 - tail;
        return s.substring(0, head) + "…" + s.substring(s.length() - tail);
    }

    static double width(String s, Font font) {
        return s == null || s.isEmpty() ? 0 : font.getStringBounds(s, MEASURE).getWidth();
    }

    static double lineHeight(Font font) {
        return font.getLineMetrics("Ag", MEASURE).getHeight();
    }

    static void drawCentered(Graphics2D g, String s, Font font, double cx, double cy) {
        var metrics = font.getLineMetrics(s, g.getFontRenderContext());
        double w = font.getStringBounds(s, g.getFontRenderContext()).getWidth();
        g.setFont(font);
        g.drawString(s, (float) (cx - w / 2), (float) (cy + (metrics.getAscent() - metrics.getDescent()) / 2));
    }
    /** The map in its own order if it has one; otherwise alphabetical, so a picture never depends on hashing. */
    static <V> Map<String, V> ordered(Map<String, V> map) {
        if (map instanceof LinkedHashMap || map instanceof SortedMap) {
            return map;
        }
        for (String key : map.keySet()) {
            if (key == null) {
                return map; // callers reject null names with their own message
            }
        }
        return new TreeMap<>(map);
    }

    /** {@code name}, with spaces added until no series in {@code taken} has it: XChart needs unique names. */
    static String unique(Map<String, ?> taken, String name) {
        String n = name;
        while (taken.containsKey(n)) {
            n = n + " ";
        }
        return n;
    }
}
