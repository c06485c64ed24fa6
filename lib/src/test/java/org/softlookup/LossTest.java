package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;
import static org.softlookup.LinearTest.assertRowsEqual;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LossTest {

    private final Random rnd = new Random(13);

    @Test
    void halfSquaredIsHalfTheSumOfSquaredDifferences() {
        INDArray o = Nd4j.create(new double[][] {{1, 0, 0}, {1, 1, 0}});
        INDArray orange = Nd4j.create(new double[][] {{1, 0.5, 0}});
        assertEquals(0.5 * (0.25 + 0.25), Loss.halfSquared(o, orange), 1e-15);
        assertArrayEquals(
                new double[] {0.125, 0.125}, Loss.halfSquaredRows(o, orange).toDoubleVector(), 1e-15);
        assertArrayEquals(new long[] {2, 1}, Loss.halfSquaredRows(o, orange).shape());
        assertEquals(0.0, Loss.halfSquared(o, o), 0);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        for (INDArray target : new INDArray[] {Naive.random(rnd, 1, 4), Naive.random(rnd, 3, 4)}) {
            INDArray o = Naive.random(rnd, 3, 4);
            INDArray numeric = GradCheck.numeric(x -> Loss.halfSquared(x, target), o, 1e-6);
            assertTrue(GradCheck.maxRelativeError(Loss.halfSquaredGradient(o, target), numeric) <= 1e-8);
        }
    }

    @Test
    void meanHalfSquaredIsTheMeanOverRowsOfEachRowsHalfSquaredDistance() {
        INDArray o = Nd4j.create(new double[][] {{1, 0, 0}, {1, 1, 0}, {0, 0, 3}});
        INDArray t = Nd4j.create(new double[][] {{1, 0, 1}, {0, 1, 0}, {0, 0, 1}});
        assertEquals((0.5 * 1 + 0.5 * 1 + 0.5 * 4) / 3, Loss.meanHalfSquared(o, t), 1e-15);
        assertEquals(
                0.5 * (0.25 + 0.25 + 0.25 + 0.25 + 0.25 + 0.25 + 9) / 3,
                Loss.meanHalfSquared(o, Nd4j.create(new double[][] {{0.5, 0.5, 0}})),
                1e-15);
        assertRowsEqual(
                new double[][] {{0, 0, -1 / 3.0}, {1 / 3.0, 0, 0}, {0, 0, 2 / 3.0}},
                Loss.meanHalfSquaredGradient(o, t),
                1e-15,
                "");
    }

    @Test
    void meanHalfSquaredGradientMatchesFiniteDifferencesAndSameDiff() {
        for (INDArray target : new INDArray[] {Naive.random(rnd, 1, 4), Naive.random(rnd, 5, 4)}) {
            INDArray o = Naive.random(rnd, 5, 4);
            INDArray hand = Loss.meanHalfSquaredGradient(o, target);
            INDArray numeric = GradCheck.numeric(x -> Loss.meanHalfSquared(x, target), o, 1e-6);
            assertTrue(GradCheck.maxRelativeError(hand, numeric) <= 1e-8);
            SameDiff sd = SameDiff.create();
            SDVariable out = sd.var("O", o.dup());
            SDVariable diff = out.sub(sd.constant(target.rows() == 1 ? target.repeat(0, 5) : target.dup()));
            sd.setLossVariables(diff.mul(diff).sum().mul(0.5 / 5));
            assertTrue(GradCheck.maxRelativeError(
                            hand, sd.calculateGradients(Map.of(), "O").get("O"))
                    <= 1e-12);
        }
    }

    @Test
    void hardLookupReturnsTheBestKeysValue() {
        INDArray hard = Lookup.hard(Colours.queries(new double[] {10, 50, 250}), Colours.keys(), Colours.values());
        assertArrayEquals(new double[][] {{1, 0, 0}, {1, 1, 0}, {0, 0, 1}}, hard.toDoubleMatrix());
        assertRejects(
                () -> Lookup.hard(Nd4j.ones(1, 3), Colours.keys(), Colours.values()),
                "keys have 2 columns but queries have 3");
    }

    @Test
    void badInputIsRejected() {
        INDArray o = Nd4j.ones(2, 3);
        assertRejects(() -> Loss.halfSquared(o, Nd4j.ones(1, 2)), "target", "[1, 3]", "[1, 2]");
        assertRejects(() -> Loss.halfSquaredRows(o, Nd4j.ones(3, 3)), "target", "[2, 3]", "[3, 3]");
        assertRejects(() -> Loss.halfSquared(null, o), "outputs", "null");
        assertRejects(() -> Loss.halfSquared(o, Nd4j.create(new double[][] {{1, Double.NaN, 0}})), "target", "NaN");
    }

    /** Each lookup of a stack scored on its own, against the rank-2 loss of that lookup alone: an independent route. */
    @Test
    void eachLookupOfAStackGetsItsOwnMeanLoss() {
        for (int[] s : new int[][] {{1, 1, 1}, {3, 72, 3}, {5, 4, 2}}) {
            INDArray target = Naive.random(rnd, s[1], s[2]);
            INDArray[] lookups = new INDArray[s[0]];
            for (int b = 0; b < s[0]; b++) {
                lookups[b] = Naive.random(rnd, s[1], s[2]);
            }
            INDArray stack = Nd4j.stack(0, lookups);
            double[] each = Loss.meanHalfSquaredEach(stack, target);
            assertEquals(s[0], each.length);
            for (int b = 0; b < s[0]; b++) {
                assertEquals(Loss.meanHalfSquared(lookups[b], target), each[b], 1e-14);
            }
        }
    }

    @Test
    void eachLookupsGradientIsItsOwnAndMatchesFiniteDifferences() {
        INDArray target = Naive.random(rnd, 4, 3);
        INDArray stack = Nd4j.stack(0, Naive.random(rnd, 4, 3), Naive.random(rnd, 4, 3), Naive.random(rnd, 4, 3));
        INDArray gradient = Loss.meanHalfSquaredGradientEach(stack, target);
        assertArrayEquals(new long[] {3, 4, 3}, gradient.shape());
        for (int b = 0; b < 3; b++) {
            int which = b;
            INDArray own = stack.slice(b).dup();
            INDArray numeric = GradCheck.numeric(o -> Loss.meanHalfSquared(o, target), own, 1e-6);
            assertTrue(GradCheck.maxRelativeError(gradient.slice(which).dup(), numeric) <= 1e-8);
            assertTrue(
                    GradCheck.maxRelativeError(gradient.slice(which).dup(), Loss.meanHalfSquaredGradient(own, target))
                            <= 1e-15);
        }
    }

    @Test
    void badStacksAreRejected() {
        INDArray stack = Nd4j.zeros(2, 4, 3).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        assertRejects(
                () -> Loss.meanHalfSquaredEach(Naive.random(rnd, 4, 3), Naive.random(rnd, 4, 3)),
                "outputs",
                "stack [b, n, d]",
                "[4, 3]");
        assertRejects(() -> Loss.meanHalfSquaredEach(stack, Naive.random(rnd, 3, 4)), "target", "[4, 3]", "[3, 4]");
        assertRejects(
                () -> Loss.meanHalfSquaredGradientEach(stack, Naive.random(rnd, 1, 3)), "target", "[4, 3]", "[1, 3]");
        assertRejects(() -> Loss.meanHalfSquaredEach(null, Naive.random(rnd, 4, 3)), "outputs", "null");
        INDArray nan = stack.dup();
        nan.putScalar(new long[] {1, 2, 0}, Double.NaN);
        assertRejects(() -> Loss.meanHalfSquaredEach(nan, Naive.random(rnd, 4, 3)), "outputs", "NaN", "[1, 2, 0]");
    }
}
