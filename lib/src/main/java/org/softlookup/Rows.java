package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.softlookup.internal.Check;
import org.softlookup.internal.Setup;

/**
 * One number per row of a matrix, as a column {@code [n, 1]} that sits beside the matrix in a table:
 * the row's length ‖xᵢ‖ or its largest absolute entry max_j |x_ij|.
 */
public final class Rows {

    private Rows() {}

    static {
        Setup.ensureReady();
    }

    /** The length of each row: {@code [n, 1]}, entry i = ‖xᵢ‖ = √(Σ_j x_ij²). */
    public static INDArray lengths(INDArray x) {
        Check.matrix("x", x);
        return x.norm2(1).reshape(x.rows(), 1);
    }

    /** The largest absolute entry of each row: {@code [n, 1]}, entry i = max_j |x_ij|. */
    public static INDArray largestAbs(INDArray x) {
        Check.matrix("x", x);
        return Transforms.abs(x, true).max(true, 1); // true: on a copy, x stays as it is
    }
}
