package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ColoursTest {

    @Test
    void mapAndMatrixHoldTheSameTableInTheSameOrder() {
        Map<String, double[]> map = Colours.asMap();
        assertEquals(Colours.NAMES, List.copyOf(map.keySet()));
        INDArray v = Colours.values();
        assertArrayEquals(new long[] {6, 3}, v.shape());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(map.get(Colours.NAMES.get(i)), v.getRow(i).toDoubleVector(), 0);
        }
        assertArrayEquals(new double[] {1, 1, 0}, map.get("yellow"), 0);
        map.get("red")[0] = 42; // a learner's edit must not leak into the next call
        assertEquals(1.0, Colours.asMap().get("red")[0]);
    }

    @Test
    void keysAreUnitVectorsAtTheirHues() {
        INDArray k = Colours.keys();
        assertArrayEquals(new long[] {6, 2}, k.shape());
        assertArrayEquals(new double[] {1, 0}, k.getRow(0).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {0.5, Math.sqrt(3) / 2}, k.getRow(1).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {-1, 0}, k.getRow(3).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, k.mul(k).sum(1).toDoubleVector(), 1e-15);
    }

    @Test
    void aQueryMatchesItsOwnHueBest() {
        INDArray scores = Colours.query(60).mmul(Colours.keys().transpose());
        assertEquals(1.0, scores.getDouble(0, 1), 1e-15);
        assertEquals(Nd4j.create(new double[][] {{0, 1, 0, 0, 0, 0}}), Lookup.hardWeights(scores));
        assertEquals(Colours.query(390), Colours.query(30).add(0), "hues wrap around");
        assertArrayEquals(
                Colours.query(30).toDoubleVector(),
                Colours.queries(new double[] {10, 30}).getRow(1).toDoubleVector(),
                0);
    }

    @Test
    void badHuesAreRejected() {
        assertRejects(() -> Colours.queries(new double[0]), "huesDegrees", "at least one");
        assertRejects(() -> Colours.queries(new double[] {0, Double.NaN}), "huesDegrees[1]", "NaN");
    }

    @Test
    void theWheelIsTheTableAtTheSixHues() {
        assertEquals(Colours.values(), Colours.wheel(Colours.HUES));
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(
                    Colours.values().getRow(i).toDoubleVector(),
                    Colours.wheel(Colours.HUES[i] + 360).toDoubleVector(),
                    1e-12,
                    "hues wrap around");
        }
    }

    @Test
    void theWheelMixesNeighboursLinearlyInBetween() {
        // by hand: halfway between two table colours is their average, a quarter of the way is 3:1
        double[][] expected = {
            {1, 0.5, 0},
            {0.5, 1, 0},
            {0, 1, 0.5},
            {0, 0.5, 1},
            {0.5, 0, 1},
            {1, 0, 0.5},
            {1, 0.25, 0},
            {0.25, 1, 0},
            {1, 0, 0.75},
            {1, 0, 0.5}
        };
        double[] hues = {30, 90, 150, 210, 270, 330, 15, 105, 315, -30};
        assertArrayEquals(expected, Colours.wheel(hues).toDoubleMatrix());
        assertArrayEquals(new double[] {1, 0.5, 0}, Colours.wheel(30).toDoubleVector(), 0);
        assertArrayEquals(new long[] {1, 3}, Colours.wheel(30).shape());
    }

    @Test
    void theWheelIsContinuousAllTheWayRound() {
        double[] hues = Sweep.linspace(-360, 720, 10801); // steps of 0.1°, three turns
        double step = Sweep.biggestStep(Colours.wheel(hues));
        assertEquals(0.1 / 60, step, 1e-9, "one channel moves by 1 every 60°, no jump anywhere");
    }

    @Test
    void badWheelHuesAreRejected() {
        assertRejects(() -> Colours.wheel(new double[0]), "huesDegrees", "at least one");
        assertRejects(() -> Colours.wheel(null), "huesDegrees", "at least one");
        assertRejects(() -> Colours.wheel(Double.POSITIVE_INFINITY), "huesDegrees[0]", "Infinity");
    }

    @Test
    void huesAreTheDirectionsOfTheRows() {
        double[] h = Colours.hues(Colours.keys());
        for (int j = 0; j < 6; j++) {
            assertEquals(Colours.HUES[j], h[j], 1e-12);
        }
        // lengths do not matter, and a row below the x axis is a hue past 180°
        double[] scaled = Colours.hues(Nd4j.create(new double[][] {{0, -3}, {-2, 0}, {0.5, 0.5}}));
        assertArrayEquals(new double[] {270, 180, 45}, scaled, 1e-12);
        assertRejects(() -> Colours.hues(Nd4j.create(new double[][] {{1, 2, 3}})), "rows", "2 columns", "[1, 3]");
        assertRejects(() -> Colours.hues(Nd4j.create(new double[][] {{1, 2}, {0, 0}})), "row 1", "(0, 0)");
    }

    @Test
    void hueDistanceGoesRoundTheWheel() {
        assertEquals(20, Colours.hueDistance(350, 10), 1e-12);
        assertEquals(20, Colours.hueDistance(10, 350), 1e-12);
        assertEquals(180, Colours.hueDistance(0, 180), 1e-12);
        assertEquals(60, Colours.hueDistance(-30, 30), 1e-12);
        assertEquals(1, Colours.hueDistance(719, 0), 1e-12);
    }

    @Test
    void atTableHuesNeedsSixDistinctTableHuesWithinTheTolerance() {
        assertTrue(Colours.atTableHues(new double[] {2, 58, 125, 175, 245, 297}, 10));
        assertTrue(Colours.atTableHues(new double[] {300, 240, 180, 120, 60, 355}, 10)); // any order, 355° is red
        assertFalse(Colours.atTableHues(new double[] {2, 58, 125, 175, 245, 289}, 10)); // 289° is 11° off
        assertFalse(Colours.atTableHues(new double[] {2, 8, 125, 175, 245, 297}, 10)); // two at red, none at yellow
        assertRejects(() -> Colours.atTableHues(new double[] {0, 60}, 10), "huesDegrees", "6 hues", "holds 2");
        assertRejects(() -> Colours.atTableHues(new double[6], 30), "tolerance", "30");
    }

    @Test
    void closestHuesIsTheSmallestGapRoundTheWheel() {
        assertEquals(60, Colours.closestHues(Colours.HUES), 1e-12);
        assertEquals(15, Colours.closestHues(new double[] {355, 100, 10}), 1e-12);
        assertRejects(() -> Colours.closestHues(new double[] {1}), "huesDegrees", "two");
    }
}
