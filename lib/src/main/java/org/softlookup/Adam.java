package org.softlookup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.BatchCheck;
import org.softlookup.internal.Check;
import org.softlookup.internal.Entries;
import org.softlookup.internal.Setup;

/**
 * Adam: gradient descent with one step size per entry, from running means of the gradient g and of its square.
 * m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − η · m̂ / (√v̂ + ε), m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t).
 * <p>
 * m says which way the gradient has been pointing lately, v how large it has been: dividing one by the root of the
 * other makes every entry move about η per step whether its gradient is large or tiny, which is what gets training
 * off a plateau where plain gradient descent crawls. m and v start at 0, so early means are too small by the factor
 * 1 − β^t; dividing by it (bias correction) makes the first step move every entry by about η, against its gradient's
 * sign. β1 = 0.9, β2 = 0.999, ε = 1e-8, the usual choice. Not to be confused with ND4J's
 * {@code org.nd4j.linalg.learning.config.Adam}, a configuration for its own networks: the lessons import this one.
 */
public final class Adam {

    /** The usual constants: m averages over about 10 steps, v over about 1,000; ε only keeps √v̂ + ε away from 0. */
    public static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    private final double learningRate;
    private List<INDArray> params; // the arrays of the first step, in order: m[k] and v[k] belong to params.get(k)
    private double[][] m, v; // kept in Java: a step reads each array once and writes it once, no native op per entry
    private int t;

    /** An optimiser with step size η = {@code learningRate} (finite, > 0) and no steps taken yet. */
    public Adam(double learningRate) {
        Check.positiveFinite("learningRate", learningRate);
        this.learningRate = learningRate;
    }

    /** η, the step size every entry moves by, about, per step. */
    public double learningRate() {
        return learningRate;
    }

    /** How many steps this optimiser has taken: t of the bias correction. */
    public int steps() {
        return t;
    }

    /**
     * One step: updates each of {@code params} in place (the arrays passed in are the ones that learn) from the
     * gradient at the same place in {@code grads}, which is left as it is. Every step must pass the same arrays in
     * the same order as the first: m and v belong to an array, and two arrays of one shape (Wq and Wk) could
     * otherwise swap their histories without an error.
     */
    public void step(List<INDArray> params, List<INDArray> grads) {
        checkLists(params, grads);
        double[][] p = new double[params.size()][], g = new double[params.size()][];
        for (int k = 0; k < params.size(); k++) { // every check before the first change: a refused step changes nothing
            p[k] = BatchCheck.arrayEntries("params[" + k + "]", params.get(k));
            g[k] = BatchCheck.arrayEntries("grads[" + k + "]", grads.get(k));
            if (!Arrays.equals(grads.get(k).shape(), params.get(k).shape())) {
                throw new IllegalArgumentException("grads[" + k + "] has shape " + Check.shape(grads.get(k))
                        + " but params[" + k + "] has shape " + Check.shape(params.get(k))
                        + ": one gradient per parameter entry, at the same place in both lists");
            }
        }
        if (this.params == null) {
            this.params = new ArrayList<>(params);
            m = new double[p.length][];
            v = new double[p.length][];
            for (int k = 0; k < p.length; k++) {
                m[k] = new double[p[k].length];
                v[k] = new double[p[k].length];
            }
        }
        t++;
        // η · m̂ / (√v̂ + ε) = (η / (1 − β1^t)) · m / (√v · (1 / √(1 − β2^t)) + ε): the corrections once per step
        double stepSize = learningRate / (1 - Math.pow(BETA1, t)),
                rootCorrection = 1 / Math.sqrt(1 - Math.pow(BETA2, t));
        for (int k = 0; k < p.length; k++) {
            double[] pk = p[k], gk = g[k], mk = m[k], vk = v[k];
            for (int i = 0; i < pk.length; i++) {
                double gi = gk[i];
                double mi = BETA1 * mk[i] + (1 - BETA1) * gi, vi = BETA2 * vk[i] + (1 - BETA2) * gi * gi;
                mk[i] = mi;
                vk[i] = vi;
                pk[i] -= stepSize * mi / (Math.sqrt(vi) * rootCorrection + EPSILON);
            }
            write(pk, params.get(k));
        }
    }

    private void checkLists(List<INDArray> params, List<INDArray> grads) {
        if (params == null || grads == null) {
            throw new IllegalArgumentException((params == null ? "params" : "grads") + " must not be null");
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params is empty: pass the parameters to update");
        }
        if (grads.size() != params.size()) {
            throw new IllegalArgumentException("grads has " + grads.size() + " arrays but params has " + params.size()
                    + ": one gradient per parameter, in the same order");
        }
        for (int k = 0; k < params.size(); k++) {
            if (params.get(k) == null || grads.get(k) == null) {
                throw new IllegalArgumentException(
                        (params.get(k) == null ? "params[" : "grads[") + k + "] must not be null");
            }
            for (int j = 0; j < k; j++) {
                if (params.get(j) == params.get(k)) {
                    throw new IllegalArgumentException("params[" + j + "] and params[" + k + "] are the same array:"
                            + " each parameter is listed once, or one step would move it twice");
                }
            }
        }
        if (this.params == null) {
            return;
        }
        if (params.size() != this.params.size()) {
            throw new IllegalArgumentException("params has " + params.size() + " arrays but the first step had "
                    + this.params.size() + ": this Adam keeps m and v for the parameters of its first step; pass"
                    + " the same arrays in the same order every step, or make a new Adam for other parameters");
        }
        for (int k = 0; k < params.size(); k++) {
            if (params.get(k) != this.params.get(k)) {
                INDArray was = this.params.get(k);
                throw new IllegalArgumentException("params[" + k + "] (shape " + Check.shape(params.get(k))
                        + ") is not the array at position " + k + " of the first step (shape " + Check.shape(was)
                        + "): m and v belong to that array, matched by position and by identity, not by shape;"
                        + " pass the same arrays in the same order every step, or make a new Adam for other"
                        + " parameters");
            }
        }
    }

    /** The new entries into the parameter itself: one copy for a plain array, ND4J's assign for a view. */
    private static void write(double[] entries, INDArray param) {
        if (param.ordering() == 'c'
                && param.offset() == 0
                && param.elementWiseStride() == 1
                && param.data().length() == param.length()) {
            Entries.write(entries, param);
        } else {
            param.assign(Nd4j.create(entries, param.shape(), 'c'));
        }
    }
}
