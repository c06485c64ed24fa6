package org.softlookup.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ControlsTest {

    static void assertRejects(Executable call, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), () -> "message lacks \"" + w + "\": " + e.getMessage());
        }
    }

    @Test
    void stepIsARoundNumberNearAHundredthOfTheRange() {
        assertEquals(0.01, Slider.of("T", 0.01, 2, 0.2).step(), 0);
        assertEquals(".2f", Slider.of("T", 0.01, 2, 0.2).readoutFormat());
        assertEquals(1, Slider.of("hue", 0, 360, 200).step(), 0);
        assertEquals(".0f", Slider.of("hue", 0, 360, 200).readoutFormat());
        assertEquals(0.1, Slider.of("x", -5, 5, 0).step(), 1e-15);
        assertEquals(".1f", Slider.of("x", -5, 5, 0).readoutFormat());
        assertEquals(10, Slider.of("d", 0, 1000, 64).step(), 0);
        assertEquals(".3f", new Slider("x", 0, 1, 0.005, 0.5).readoutFormat());
    }

    @Test
    void valuesFromTheFrontEndAreSnappedToTheReadout() {
        Slider t = Slider.of("T", 0.01, 2, 0.2);
        assertEquals(0.7, t.snap(0.6999999999999998), 0);
        assertEquals(0.35, t.snap(0.35000000000000003), 0);
        assertEquals(2, t.snap(2.0000000001), 0);
        assertEquals(0.01, t.snap(-1), 0);
        assertEquals(200, Slider.of("hue", 0, 360, 0).snap(199.99999999999997), 0);
        assertEquals(0.005, new Slider("x", 0, 1, 0.005, 0.5).snap(0.0049999999), 0);
    }

    @Test
    void aLogSliderMovesByItsFactorAndSnapsToItsOwnValues() {
        Slider dk = Slider.log("d_k", 2, 512, 2, 512);
        assertEquals(".0f", dk.readoutFormat());
        // what the front end sends: 2^x for the exponent under the handle, not always exact
        assertEquals(512, dk.snap(511.99999999999994), 0);
        assertEquals(64, dk.snap(Math.pow(2, 6.0000000001)), 0);
        assertEquals(2, dk.snap(1), 0);
        assertEquals(512, dk.snap(4096), 0);
        assertEquals(2, dk.snap(-3), 0);
        Slider lr = Slider.log("lr", 0.001, 10, 10, 0.1);
        assertEquals(0.001, lr.snap(Math.pow(10, -3)), 0);
        assertEquals(0.1, lr.snap(0.09999999999999999), 0);
        assertEquals(0.01, lr.snap(0.011), 0);
        assertEquals(".3~g", lr.readoutFormat());
    }

    @Test
    void badLogSlidersAreRejectedByName() {
        assertRejects(() -> Slider.log("d_k", 0, 512, 2, 2), "slider d_k", "min must be positive", "0.0");
        assertRejects(() -> Slider.log("d_k", 2, 512, 1, 2), "slider d_k", "must be above 1", "1.0");
        assertRejects(() -> Slider.log("d_k", 2, 500, 2, 2), "slider d_k", "whole power of the factor 2", "500 / 2");
        assertRejects(() -> Slider.log("d_k", 2, 512, 2, 100), "value 100 is not one of", "2, 4, …, 512");
        assertRejects(() -> Slider.log("d_k", 2, 512, 2, 1024), "value 1024.0 lies outside [2.0, 512.0]");
        assertRejects(
                () -> Controls.sliders().addLog("d_k", 2, 512, 2, 512).add("d_k", 0, 1, 0.5), "called \"d_k\" already");
    }

    @Test
    void badSlidersAreRejectedByName() {
        assertRejects(() -> Slider.of(" ", 0, 1, 0.5), "needs a name", "blank");
        assertRejects(() -> Slider.of(null, 0, 1, 0.5), "needs a name", "null");
        assertRejects(() -> Slider.of("T", 2, 0.01, 0.2), "slider T", "min must be below max", "min = 2.0");
        assertRejects(() -> Slider.of("T", 1, 1, 1), "slider T", "min must be below max");
        assertRejects(() -> Slider.of("T", 0.01, 2, 3), "slider T", "value 3.0 lies outside [0.01, 2.0]");
        assertRejects(() -> Slider.of("T", 0.01, 2, Double.NaN), "slider T", "value must be a finite number", "NaN");
        assertRejects(() -> Slider.of("T", 0, Double.POSITIVE_INFINITY, 1), "slider T", "max must be a finite");
        assertRejects(() -> new Slider("T", 0, 1, 0, 0.5), "slider T", "step must be positive", "0.0");
        assertRejects(() -> new Slider("T", 0, 1, 2, 0.5), "slider T", "at most max − min = 1.0", "2.0");
    }

    @Test
    void builderRejectsTwinsAndNothing() {
        assertRejects(() -> Controls.sliders().add("T", 0, 1, 0.5).add("T", 0, 2, 1), "called \"T\" already");
        assertRejects(() -> Controls.sliders().show(v -> "x"), "no sliders to show");
        assertThrows(
                NullPointerException.class,
                () -> Controls.sliders().add("T", 0, 1, 0.5).show(null));
        assertThrows(NullPointerException.class, () -> Controls.slider("T", 0, 1, 0.5, null));
    }

    @Test
    void outsideAKernelSaysWhereControlsWork() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Controls.slider("T", 0.01, 2, 0.2, t -> "T = " + t));
        assertTrue(e.getMessage().contains("Java (Soft Lookup)"), e.getMessage());
        assertRejects(() -> Controls.slider("T", 2, 0.01, 0.2, t -> "x"), "min must be below max");
    }

    @Test
    void valuesAreReadByName() {
        Values v = new Values(List.of("T", "hue"), new double[] {0.25, 200});
        assertEquals(0.25, v.get("T"), 0);
        assertEquals(200, v.get("hue"), 0);
        assertEquals("T = 0.25, hue = 200", v.toString());
        assertRejects(() -> v.get("t"), "no slider is called \"t\"", "[T, hue]");
    }

    @Test
    void aViewReturnsOneOutputOrAListOfThem() {
        assertEquals(List.of("a"), Live.outputs("a"));
        assertEquals(List.of("a", 2), Live.outputs(List.of("a", 2)));
        assertRejects(() -> Live.outputs(null), "returned null");
        assertRejects(() -> Live.outputs(List.of()), "returned []", "non-empty");
        assertRejects(() -> Live.outputs(new ArrayList<>(Arrays.asList("a", null))), "without nulls");
    }
}
