package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
