package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.BatchCheck;
import org.softlookup.internal.Blas;
import org.softlookup.internal.Check;
import org.softlookup.internal.Setup;

/**
 * Plain gradient descent: move every parameter a small step against its gradient, downhill on the loss.
 * θ ← θ − η · ∂L/∂θ, with η the learning rate.
 */
public final class GradientDescent {

    private GradientDescent() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * param −= learningRate · grad, in place: the array passed in is the one that learns (no copy is made, so every
     * Result or variable that holds it sees the new values). grad has param's shape and is left as it is. Any rank:
     * a matrix, or a stack {@code [b, n, d]} of matrices trained side by side.
     */
    public static void step(INDArray param, INDArray grad, double learningRate) {
        BatchCheck.arrayEntries("param", param);
        BatchCheck.arrayEntries("grad", grad);
        Check.sameShape("grad", grad, param, "(the same shape as param: one gradient per parameter)");
        Check.positiveFinite("learningRate", learningRate);
        Blas.axpy(-learningRate, grad, param); // param += (−η) grad in one pass, no temporary
    }
}
