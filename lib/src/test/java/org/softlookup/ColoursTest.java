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
}
