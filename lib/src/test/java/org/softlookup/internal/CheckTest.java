package org.softlookup.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Naive;

/** Check reads small matrices into Java and sums large ones natively first; both ways must find the same entry. */
class CheckTest {

    private final Random rnd = new Random(3);

    @Test
    void entriesAreRowMajorForWholeArraysViewsAndColumnMajorArrays() {
        INDArray whole = Naive.random(rnd, 4, 6);
        double[] expected = new double[24];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                expected[i * 6 + j] = whole.getDouble(i, j);
            }
        }
        assertArrayEquals(expected, Entries.read(whole));
        assertArrayEquals(expected, Entries.read(whole.dup('f')));
        assertArrayEquals(
                new double[] {
                    whole.getDouble(2, 0),
                    whole.getDouble(2, 1),
                    whole.getDouble(2, 2),
                    whole.getDouble(2, 3),
                    whole.getDouble(2, 4),
                    whole.getDouble(2, 5)
                },
                Entries.read(whole.getRow(2, true)));
        assertArrayEquals(
                new double[] {whole.getDouble(0, 1), whole.getDouble(1, 1), whole.getDouble(2, 1), whole.getDouble(3, 1)
                },
                Entries.read(whole.getColumn(1, true)));
    }

    @Test
    void aBadEntryInALaterSliceOfAPlainArrayIsPlacedByItsIndexInTheWholeArray() {
        // [4, 30, 70] is 8,400 entries: read 4,096 at a time, so entry 4,100 is the 5th of the second slice
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            INDArray x = Naive.random(rnd, 4 * 30, 70).reshape(4, 30, 70).dup('c');
            assertDoesNotThrow(() -> Check.finite("x", x));
            x.putScalar(new long[] {3, 29, 69}, bad); // the very last entry
            assertRejects(() -> Check.finite("x", x), "x contains " + bad, "at [3, 29, 69]");
            x.putScalar(new long[] {1, 28, 40}, bad); // 1·2100 + 28·70 + 40 = 4,100: found first
            assertRejects(() -> Check.finite("x", x), "x contains " + bad, "at [1, 28, 40]");
        }
    }

    @Test
    void aBadEntryIsFoundAndPlacedInSmallAndLargeMatricesAndInViews() {
        for (int rows : new int[] {3, 4000}) { // 3·70 entries are read in Java, 4000·70 (over SMALL) summed natively
            assertTrue(3 * 70 <= Check.SMALL && 4000 * 70 > Check.SMALL, "both sides of Check.SMALL");
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                INDArray x = Naive.random(rnd, rows, 70);
                assertDoesNotThrow(() -> Check.finite("x", x));
                x.putScalar(rows - 1, 69, bad);
                assertRejects(() -> Check.finite("x", x), "x contains " + bad, "at [" + (rows - 1) + ", 69]");
                assertRejects(
                        () -> Check.finite("xᵀ", x.transpose()), "xᵀ contains " + bad, "at [69, " + (rows - 1) + "]");
                assertRejects(() -> Check.finite("row", x.getRow(rows - 1, true)), "row contains " + bad, "at [0, 69]");
                assertDoesNotThrow(() -> Check.finite("row 0", x.getRow(0, true)));
                assertRejects(() -> Check.matrixEntries("x", x), "x contains " + bad, "at [" + (rows - 1) + ", 69]");
                assertRejects(
                        () -> Check.matrixEntries("xᵀ", x.transpose()),
                        "xᵀ contains " + bad,
                        "at [69, " + (rows - 1) + "]");
            }
        }
    }

    /** What it read is what it returns: the entries row-major, of a view too, as a getDouble loop reads them. */
    @Test
    void matrixEntriesReturnsTheEntriesItChecked() {
        INDArray x = Naive.random(rnd, 5, 7), view = x.transpose();
        double[] expected = new double[35];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 5; j++) {
                expected[i * 5 + j] = view.getDouble(i, j);
            }
        }
        assertArrayEquals(expected, Check.matrixEntries("xᵀ", view));
        assertRejects(() -> Check.matrixEntries("x", null), "x must not be null");
        assertRejects(() -> Check.matrixEntries("v", Nd4j.ones(3)), "v must be a matrix", "[3]");
    }

    @Test
    void hugeFiniteEntriesWhoseSumOverflowsAreAccepted() {
        INDArray x = Nd4j.valueArrayOf(new long[] {4000, 70}, 1e308); // over SMALL: the native sum overflows
        assertDoesNotThrow(() -> Check.finite("x", x));
    }
}
