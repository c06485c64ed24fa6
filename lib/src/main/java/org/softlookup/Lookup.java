package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Check;
import org.softlookup.internal.Setup;

/**
 * A table lookup written as a matrix product: a one-hot row picks one row of the table.
 * {@code oneHot(i) · table = table.getRow(i)}, and a product is differentiable in every entry.
 */
public final class Lookup {

    private Lookup() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * The one-hot row for key position {@code index}: {@code [1, size]}, a 1 at {@code index}, 0 elsewhere.
     * e_i = (0, …, 0, 1, 0, …, 0).
     */
    public static INDArray oneHot(int index, int size) {
        return oneHot(new int[] {index}, size);
    }

    /**
     * One one-hot row per index: {@code [indices.length, size]}; times a table it does all the lookups at once.
     * E[r, indices[r]] = 1.
     */
    public static INDArray oneHot(int[] indices, int size) {
        Check.indices(indices, size);
        INDArray e = Nd4j.zeros(indices.length, size);
        for (int r = 0; r < indices.length; r++) {
            e.putScalar(r, indices[r], 1.0);
        }
        return e;
    }

    /**
     * A mask with a 1 at each index: {@code [1, size]}; times a table it sums the selected rows.
     * m = Σ_i e_i (an index given twice still counts once: a mask says in or out).
     */
    public static INDArray multiHot(int[] indices, int size) {
        Check.indices(indices, size);
        INDArray m = Nd4j.zeros(1, size);
        for (int i : indices) {
            m.putScalar(0, i, 1.0);
        }
        return m;
    }

    /**
     * Looks up rows by matrix product: {@code selector [r, s] · table [s, w] → [r, w]}.
     * out[r] = Σ_s selector[r, s] · table[s]: a one-hot selector copies a row, a mask sums rows, weights mix them.
     */
    public static INDArray rows(INDArray selector, INDArray table) {
        Check.matrix("selector", selector);
        Check.matrix("table", table);
        if (selector.columns() != table.rows()) {
            throw new IllegalArgumentException("selector has " + selector.columns() + " columns but table has "
                    + table.rows() + " rows: selector·table needs one selector entry per table row (selector is "
                    + Check.shape(selector) + ", table is " + Check.shape(table) + ")");
        }
        return Attention.times(selector, false, table, false, 1);
    }

    /**
     * A hard lookup's weights: for each row of scores, the one-hot of its best key (the first one on a tie).
     * H[i, j] = 1 if j = argmax_k S[i, k], else 0 — softmax at temperature → 0, and a step, not a slope.
     */
    public static INDArray hardWeights(INDArray scores) {
        double[] s = Check.scores(scores); // the entries, row-major, copied once for check and argmax
        int m = (int) scores.columns();
        int[] best = new int[(int) scores.rows()];
        for (int i = 0; i < best.length; i++) {
            for (int j = 1; j < m; j++) {
                if (s[i * m + j] > s[i * m + best[i]]) {
                    best[i] = j;
                }
            }
        }
        return oneHot(best, m);
    }

    /**
     * A hard lookup by key match: each query gets the value of its best-scoring key (the first one on a tie).
     * hard(Q, K, V) = hardWeights(Q Kᵀ) · V — attention's shape, with the argmax where softmax would be.
     */
    public static INDArray hard(INDArray queries, INDArray keys, INDArray values) {
        Check.attentionInputs(queries, keys, values, null, 1.0);
        return rows(hardWeights(queries.mmul(keys.transpose())), values);
    }
}
