"""One self-attention training step written plainly in NumPy, timed: the reference for TrainingBenchmark.java.

The same step as the Java benchmark: Q = X Wq, K = X Wk, V = X Wv, S = Q Kᵀ/√d_k with a causal mask, P = softmax(S),
O = P V, softmax cross-entropy of O against one target class per row, the gradients by hand, and plain gradient
descent on Wq, Wk, Wv. Before timing, the step's gradients are checked against finite differences, so the figure is
the time of a correct step. Prints one line per size: "numpy n=16 d_model=16 median_ms=…".
"""
import sys
import timeit

import numpy as np


def problem(n, d_model, seed=42):
    """Inputs as in the Java benchmark: random X and weights, the causal mask as a bias, random targets."""
    rng = np.random.default_rng(seed)
    d_k = d_v = d_model
    x = rng.standard_normal((n, d_model))
    w = [rng.standard_normal((d_model, d)) / np.sqrt(d_model) for d in (d_k, d_k, d_v)]
    bias = np.where(np.tril(np.ones((n, n))) == 1, 0.0, -np.inf)
    onehot = np.eye(d_v)[rng.integers(0, d_v, n)]
    return x, w, bias, onehot


def loss(x, wq, wk, wv, bias, onehot):
    s = (x @ wq) @ (x @ wk).T / np.sqrt(wq.shape[1]) + bias
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    o = p @ (x @ wv)
    z = o - o.max(axis=1, keepdims=True)
    return -np.mean(np.sum(onehot * (z - np.log(np.exp(z).sum(axis=1, keepdims=True))), axis=1))


def gradients(x, wq, wk, wv, bias, onehot):
    n, scale = x.shape[0], 1 / np.sqrt(wq.shape[1])
    q, k, v = x @ wq, x @ wk, x @ wv
    s = scale * (q @ k.T) + bias
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    o = p @ v
    e = np.exp(o - o.max(axis=1, keepdims=True))
    do = (e / e.sum(axis=1, keepdims=True) - onehot) / n
    dv = p.T @ do
    dp = do @ v.T
    ds = p * (dp - np.sum(dp * p, axis=1, keepdims=True))
    dq = scale * (ds @ k)
    dk = scale * (ds.T @ q)
    return x.T @ dq, x.T @ dk, x.T @ dv


def step(x, w, bias, onehot, learning_rate=0.1):
    for param, grad in zip(w, gradients(x, *w, bias, onehot)):
        param -= learning_rate * grad


def check_gradients():
    """Central differences on a small problem: the step below is timed only if its gradients are right."""
    x, w, bias, onehot = problem(5, 4, seed=7)
    for i, grad in enumerate(gradients(x, *w, bias, onehot)):
        numeric = np.zeros_like(grad)
        for index in np.ndindex(grad.shape):
            nudged = [a.copy() for a in w]
            nudged[i][index] += 1e-6
            up = loss(x, *nudged, bias, onehot)
            nudged[i][index] -= 2e-6
            numeric[index] = (up - loss(x, *nudged, bias, onehot)) / 2e-6
        error = np.abs(numeric - grad).max() / np.abs(numeric).max()
        if error > 1e-7:
            sys.exit(f"NumPy step: gradient {i} differs from finite differences by {error:.2e}")


def median_ms(n, d_model):
    x, w, bias, onehot = problem(n, d_model)
    timer = timeit.Timer(lambda: step(x, w, bias, onehot))
    number, _ = timer.autorange()  # calls per repeat, so that a repeat takes at least 0.2 s
    for _ in range(3):  # warm-up, as JMH does
        timer.timeit(number)
    times = sorted(t / number for t in timer.repeat(repeat=10, number=number))
    return 1000 * times[len(times) // 2]


if __name__ == "__main__":
    check_gradients()
    for size in sys.argv[1:] or ["16x16", "128x64"]:
        n, d_model = map(int, size.split("x"))
        print(f"numpy n={n} d_model={d_model} median_ms={median_ms(n, d_model):.5f} numpy={np.__version__}",
              flush=True)
