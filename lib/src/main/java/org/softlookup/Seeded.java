package org.softlookup;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;

/**
 * Random starting points that are the same on every run and every machine, so stored lessons reproduce.
 * randn(seed, r, c)[i, j] = the (i·c + j)-th standard normal number of java.util.Random(seed).
 */
public final class Seeded {

    private Seeded() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * A {@code [rows, cols]} matrix of standard normal numbers (mean 0, variance 1), filled row by row.
     * java.util.Random's sequence and its nextGaussian (computed with StrictMath) are fixed by the Java
     * specification, so the same arguments give the same bits on every JVM.
     */
    public static INDArray randn(long seed, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(
                    "rows and cols must be at least 1, but the shape asked for is [" + rows + ", " + cols + "]");
        }
        Random random = new Random(seed);
        double[][] x = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[i][j] = random.nextGaussian();
            }
        }
        return Nd4j.create(x);
    }

    /**
     * A stack {@code [count, rows, cols]} of standard normal matrices, one per seed: matrix s is
     * {@code randn(firstSeed + s, rows, cols)}, so one start of a stack can be rebuilt, and trained, on its own.
     */
    public static INDArray randnStack(long firstSeed, int count, int rows, int cols) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1 (the number of matrices), but it is " + count);
        }
        INDArray stack = Nd4j.createUninitialized(DataType.DOUBLE, count, rows, cols);
        for (int s = 0; s < count; s++) {
            stack.putSlice(s, randn(firstSeed + s, rows, cols));
        }
        return stack;
    }
}
