"""Attention forward + backward, and one self-attention training step, written plainly in NumPy and timed: the
references for AttentionBenchmark.java and TrainingBenchmark.java, run in the same command (`./softlookup bench-lib`).

Attention as in the Java benchmark: Q, K, V [n, 64] and dO random, S = Q Kᵀ/√d, P = softmax(S), O = P V, then dV, dP,
dS, dQ, dK by hand, no mask. The training step: Q = X Wq, K = X Wk, V = X Wv, S = Q Kᵀ/√d_k with a causal mask, P = softmax(S),
O = P V, softmax cross-entropy of O against one target class per row, the gradients by hand, and plain gradient
descent on Wq, Wk, Wv. Before timing, the gradients are checked against finite differences, so a figure is the
time of a correct computation. Prints one line per size: "numpy attention n=64 d=64 median_ms=…", "numpy product n=64 …" and
"numpy step n=16 d_model=16 median_ms=…"; `bench_numpy.py attention 64` or `bench_numpy.py step 128x64` times one case
(Benchmarks.java runs it just before and just after the same case in Java).
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


def attention(q, k, v, d_o):
    """Forward and backward of attention, returning dQ, dK, dV: what Attention.forward + backward compute."""
    scale = 1 / np.sqrt(q.shape[1])
    s = scale * (q @ k.T)
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    o = p @ v
    dv = p.T @ d_o
    dp = d_o @ v.T
    ds = p * (dp - np.sum(dp * p, axis=1, keepdims=True))
    return scale * (ds @ k), scale * (ds.T @ q), dv, o


def check_attention():
    """Central differences of L = Σ O ⊙ dO on a small problem: attention is timed only if its gradients are right."""
    rng = np.random.default_rng(7)
    q, k, v, d_o = (rng.standard_normal((5, 4)) for _ in range(4))
    for i, grad in enumerate(attention(q, k, v, d_o)[:3]):
        numeric = np.zeros_like(grad)
        for index in np.ndindex(grad.shape):
            nudged = [q.copy(), k.copy(), v.copy()]
            nudged[i][index] += 1e-6
            up = np.sum(attention(*nudged, d_o)[3] * d_o)
            nudged[i][index] -= 2e-6
            numeric[index] = (up - np.sum(attention(*nudged, d_o)[3] * d_o)) / 2e-6
        error = np.abs(numeric - grad).max() / np.abs(numeric).max()
        if error > 1e-7:
            sys.exit(f"NumPy attention: gradient {i} differs from finite differences by {error:.2e}")


def median_ms(call):
    timer = timeit.Timer(call)
    number, _ = timer.autorange()  # calls per repeat, so that a repeat takes at least 0.2 s
    for _ in range(3):  # warm-up, as JMH does
        timer.timeit(number)
    times = sorted(t / number for t in timer.repeat(repeat=10, number=number))
    return 1000 * times[len(times) // 2]


def attention_ms(n, d=64):
    rng = np.random.default_rng(42)
    q, k, v, d_o = (rng.standard_normal((n, d)) for _ in range(4))
    return median_ms(lambda: attention(q, k, v, d_o))


def product_ms(n, d=64):
    """One product q·kᵀ into a preallocated array: what both sides hand to OpenBLAS, for comparing the two BLAS."""
    rng = np.random.default_rng(42)
    q, k, s = rng.standard_normal((n, d)), rng.standard_normal((n, d)), np.empty((n, n))
    return median_ms(lambda: np.dot(q, k.T, out=s))


def step_ms(n, d_model):
    x, w, bias, onehot = problem(n, d_model)
    return median_ms(lambda: step(x, w, bias, onehot))


def main(args):
    """No arguments: every size. "attention N": attention and the product at n = N. "step NxD": one step."""
    check_attention()
    check_gradients()
    sizes = {"attention": (16, 64, 256, 1024), "step": ("16x16", "128x64")}
    if args:
        kind, size = args
        sizes = {kind: (int(size),) if kind == "attention" else (size,)}
    for n in sizes.get("attention", ()):
        print(f"numpy attention n={n} d=64 median_ms={attention_ms(n):.5f} numpy={np.__version__}", flush=True)
        print(f"numpy product n={n} d=64 median_ms={product_ms(n):.5f} numpy={np.__version__}", flush=True)
    for size in sizes.get("step", ()):
        n, d_model = map(int, size.split("x"))
        print(f"numpy step n={n} d_model={d_model} median_ms={step_ms(n, d_model):.5f} numpy={np.__version__}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
