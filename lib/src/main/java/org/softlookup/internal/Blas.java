package org.softlookup.internal;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;

import java.lang.ref.Reference;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products and updates handed straight to OpenBLAS, the BLAS that ND4J itself calls. ND4J's own route
 * (an op object, its argument lists, a trip through libnd4j) costs about 13 µs a call whatever the size, against
 * about 1 µs for the same dgemm at 16 × 16: at the sizes of the lessons that overhead is most of a training step.
 * Arrays that are not plain row-major blocks (views with strides, transposed arrays) still go through ND4J.
 */
public final class Blas {

    private Blas() {}

    /**
     * c = alpha · op(a) · op(b) + beta · c, op = transposed or not; returns c. With beta = 0, c's entries are not
     * read. A batch {@code [b, n, d]} is taken as its b·n rows {@code [b·n, d]}, without making a reshaped view:
     * ND4J makes each view's shape natively, about 6 µs, and a training step would make dozens.
     */
    public static INDArray gemm(
            INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha, double beta, INDArray c) {
        if (!(plain(a) && plain(b) && plain(c))) {
            if (a.rank() == 3 || b.rank() == 3 || c.rank() == 3) {
                Nd4j.gemm(rows(a), rows(b), rows(c), transposeA, transposeB, alpha, beta);
                return c;
            }
            return Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
        }
        int k = (int) (transposeA ? rowCount(a) : columnCount(a));
        cblas_dgemm(
                CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                (int) rowCount(c),
                (int) columnCount(c),
                k,
                alpha,
                pointer(a),
                (int) columnCount(a),
                pointer(b),
                (int) columnCount(b),
                beta,
                pointer(c),
                (int) columnCount(c));
        // The arrays own the memory BLAS just used: they must not be collected (and freed) before it returns.
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
        return c;
    }

    /**
     * For every sequence s of a batch: c[s] = alpha · op(a[s]) · op(b[s]) + beta · c[s], with a, b, c of rank 3
     * {@code [batch, rows, cols]}; returns c. One dgemm per sequence on the batch's own memory, each at its offset
     * (ND4J's route for a slice with an offset costs as much as the product itself at the lessons' sizes); an
     * operand that is not a plain row-major block is copied into one first. c must be plain (a fresh array).
     */
    public static INDArray gemmEach(
            INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha, double beta, INDArray c) {
        if (!plain(c)) {
            throw new IllegalStateException("gemmEach writes into a fresh row-major array, not a view");
        }
        INDArray pa = plain(a) ? a : a.dup('c'), pb = plain(b) ? b : b.dup('c');
        long aRows = pa.size(1), aCols = pa.size(2), bCols = pb.size(2);
        long rows = c.size(1), cols = c.size(2);
        int k = (int) (transposeA ? aRows : aCols);
        DoublePointer atA = new DoublePointer(pointer(pa)), atB = new DoublePointer(pointer(pb));
        DoublePointer atC = new DoublePointer(pointer(c));
        for (long s = 0; s < c.size(0); s++) {
            cblas_dgemm(
                    CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    (int) rows,
                    (int) cols,
                    k,
                    alpha,
                    atA.position(s * aRows * aCols),
                    (int) aCols,
                    atB.position(s * pb.size(1) * bCols),
                    (int) bCols,
                    beta,
                    atC.position(s * rows * cols),
                    (int) cols);
        }
        Reference.reachabilityFence(pa);
        Reference.reachabilityFence(pb);
        Reference.reachabilityFence(c);
        return c;
    }

    /** y += alpha · x, in place; x and y of the same shape. */
    public static void axpy(double alpha, INDArray x, INDArray y) {
        if (!(plain(x) && plain(y))) {
            Nd4j.exec(new Axpy(x, y, y, alpha));
            return;
        }
        cblas_daxpy((int) x.length(), alpha, pointer(x), 1, pointer(y), 1);
        Reference.reachabilityFence(x);
        Reference.reachabilityFence(y);
    }

    /** The rows of a matrix, or of a batch {@code [b, n, d]} all b·n rows. */
    private static long rowCount(INDArray x) {
        return x.rank() == 3 ? x.size(0) * x.size(1) : x.rows();
    }

    /** The columns of a matrix, or d of a batch {@code [b, n, d]}. */
    private static long columnCount(INDArray x) {
        return x.size(x.rank() - 1);
    }

    /** A batch {@code [b, n, d]} as the matrix of its rows {@code [b·n, d]}, for ND4J's route; a matrix as it is. */
    private static INDArray rows(INDArray x) {
        return x.rank() == 3 ? x.reshape('c', x.size(0) * x.size(1), x.size(2)) : x;
    }

    /** Row-major, entries one after another from the buffer's start: what BLAS reads with a leading dimension. */
    private static boolean plain(INDArray x) {
        return x.ordering() == 'c' && x.offset() == 0 && x.elementWiseStride() == 1 && x.length() < Integer.MAX_VALUE;
    }

    private static DoublePointer pointer(INDArray x) {
        return (DoublePointer) x.data().addressPointer();
    }
}
