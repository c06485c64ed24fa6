"""Attention forward + backward, one self-attention training step, and lesson 08's training step of two attention
layers, written plainly in NumPy and timed: the references for AttentionBenchmark.java, TrainingBenchmark.java and
LayerTrainingBenchmark.java, run in the same command (`./softlookup bench-lib`).

Attention as in the Java benchmark: Q, K, V [n, 64] and dO random, S = Q Kᵀ/√d, P = softmax(S), O = P V, then dV, dP,
dS, dQ, dK by hand, no mask. The training step: Q = X Wq, K = X Wk, V = X Wv, S = Q Kᵀ/√d_k with a causal mask, P = softmax(S),
O = P V, softmax cross-entropy of O against one target class per row, the gradients by hand, and plain gradient
descent on Wq, Wk, Wv. Before timing, the gradients are checked against finite differences, so a figure is the
time of a correct computation. Prints one line per size: "numpy attention n=64 d=64 median_ms=…", "numpy product n=64 …" and
"numpy step n=16 d_model=16 median_ms=…" and "numpy layers 32x20x68 median_ms=…"; `bench_numpy.py attention 64`,
`bench_numpy.py step 128x64` or `bench_numpy.py layers 32x20x68` times one case (Benchmarks.java runs it just before
and just after the same case in Java). Lesson 08's step is described at `layers_problem`.
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


def induction_batch(rng, b, n=20, vocabulary=24, shortest=3, longest=8, spare=24):
    """Sequences by lesson 08's rules (Induction.batch), drawn by NumPy, not the same draws as Java's: in each, a
    segment of L = shortest … longest distinct tokens at a random start s appears twice in a row, every other token is
    outside it, and positions s+L … s+2L−2 are scored with target token_{i+1}. So the scored rows are as many (about
    4.5 per sequence) and lie where the lesson's do; which rows they are does not change the work of a step. Returns
    x [b, n, vocabulary + n + spare] (one-hot token | one-hot position | zeros), the flat scored rows k·n + i, and
    the targets."""
    tokens, positions, targets = np.zeros((b, n), dtype=int), [], []
    for k in range(b):
        length = rng.integers(shortest, longest + 1)
        start = rng.integers(0, n - 2 * length + 1)
        shuffled = rng.permutation(vocabulary)
        segment, outside = shuffled[:length], shuffled[length:]
        tokens[k] = rng.choice(outside, n)
        tokens[k, start:start + 2 * length] = np.tile(segment, 2)
        for i in range(start + length, start + 2 * length - 1):
            positions.append(k * n + i)
            targets.append(tokens[k, i + 1])
    x = np.zeros((b, n, vocabulary + n + spare))
    x[np.arange(b)[:, None], np.arange(n), tokens] = 1
    x[:, np.arange(n), vocabulary + np.arange(n)] = 1
    return x, np.array(positions), np.array(targets)


def layers_problem(b, n, d_model, seed=42, d_k=16, classes=24, scale=0.1):
    """Lesson 08's step, as LayerTrainingBenchmark.java times it: one fixed batch x [b, n, d_model] of the task (see
    `induction_batch`; d_model = 24 + n + spare), two attention layers of one head (Wq, Wk, Wv [d_model, d_k], Wo
    [d_k, d_model]), the unembedding W_U [d_model, 24], weights scale·randn (0.1, the lesson's), the causal mask as a
    bias. The weights in the order Adam takes them: layer 1's Wq, Wk, Wv, Wo, layer 2's, then W_U."""
    rng = np.random.default_rng(seed)
    x, positions, targets = induction_batch(rng, b, n, spare=d_model - 24 - n)
    shapes = [(d_model, d_k)] * 3 + [(d_k, d_model)]
    w = [scale * rng.standard_normal(s) for s in shapes * 2 + [(d_model, classes)]]
    bias = np.where(np.tril(np.ones((n, n))) == 1, 0.0, -np.inf)
    return x, w, bias, positions, targets


def head_forward(x, wq, wk, wv, bias):
    """One head on a batch [b, n, d_model]: Q, K, V, P = softmax(Q Kᵀ/√d_k + bias) and O = P V, each [b, n, ·]."""
    q, k, v = x @ wq, x @ wk, x @ wv
    s = (q @ k.transpose(0, 2, 1)) / np.sqrt(wq.shape[1]) + bias
    p = np.exp(s - s.max(axis=2, keepdims=True))
    p /= p.sum(axis=2, keepdims=True)
    return q, k, v, p, p @ v


def layers_loss(x, w, bias, positions, targets):
    x1 = x + head_forward(x, *w[0:3], bias)[4] @ w[3]
    x2 = x1 + head_forward(x1, *w[4:7], bias)[4] @ w[7]
    z = (x2 @ w[8]).reshape(-1, w[8].shape[1])[positions]
    z = z - z.max(axis=1, keepdims=True)
    return np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(targets)), targets])


def head_backward(x, wq, wk, wv, wo, forward, d_out, with_dx):
    """The gradients of one layer x + O Wo given dOut: dWq, dWk, dWv, dWo, and dX (dOut + the head's path) if asked."""
    q, k, v, p, o = forward
    d = x.shape[2]
    d_wo = o.reshape(-1, o.shape[2]).T @ d_out.reshape(-1, d)
    d_o = d_out @ wo.T
    dv = p.transpose(0, 2, 1) @ d_o
    dp = d_o @ v.transpose(0, 2, 1)
    ds = p * (dp - np.sum(dp * p, axis=2, keepdims=True)) / np.sqrt(wq.shape[1])
    dq, dk = ds @ k, ds.transpose(0, 2, 1) @ q
    rows = x.reshape(-1, d).T
    grads = [rows @ dq.reshape(-1, dq.shape[2]), rows @ dk.reshape(-1, dk.shape[2]), rows @ dv.reshape(-1, dv.shape[2]),
             d_wo]
    d_x = d_out + dq @ wq.T + dk @ wk.T + dv @ wv.T if with_dx else None
    return grads, d_x


def layers_gradients(x, w, bias, positions, targets):
    """Forward through both layers and the unembedding, the loss at the scored rows and its gradient, and back: the
    loss and the 9 gradients in the order of w (layer 1's without its dX: x is data)."""
    f1 = head_forward(x, *w[0:3], bias)
    x1 = x + f1[4] @ w[3]
    f2 = head_forward(x1, *w[4:7], bias)
    x2 = x1 + f2[4] @ w[7]
    b, n, d = x.shape
    z = (x2 @ w[8]).reshape(b * n, -1)[positions]
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    total = e.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(total[:, 0]) - z[np.arange(len(targets)), targets])
    dz = e / total
    dz[np.arange(len(targets)), targets] -= 1
    d_logits = np.zeros((b * n, w[8].shape[1]))
    d_logits[positions] = dz / len(targets)
    d_wu = x2.reshape(b * n, d).T @ d_logits
    d_x2 = (d_logits @ w[8].T).reshape(b, n, d)
    g2, d_x1 = head_backward(x1, *w[4:8], f2, d_x2, True)
    g1, _ = head_backward(x, *w[0:4], f1, d_x1, False)
    return loss, g1 + g2 + [d_wu]


def adam_step(w, grads, state, learning_rate=0.003, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Adam as the library's: m, v per array, bias-corrected, in place; state = [t, m list, v list]."""
    state[0] += 1
    t, m, v = state
    for param, grad, mk, vk in zip(w, grads, m, v):
        mk *= beta1
        mk += (1 - beta1) * grad
        vk *= beta2
        vk += (1 - beta2) * grad * grad
        param -= learning_rate / (1 - beta1 ** t) * mk / (np.sqrt(vk / (1 - beta2 ** t)) + epsilon)


def layers_step(x, w, bias, positions, targets, state):
    """Lesson 08's step: the loss (the lesson records it) and the gradients from one forward, one Adam step on all 9."""
    loss, grads = layers_gradients(x, w, bias, positions, targets)
    adam_step(w, grads, state)
    return loss


def check_layers():
    """Central differences on a small instance (2 sequences of 16, d_model = 44, d_k = 4): the step is timed only if
    its loss and its 9 gradients are right. Weights 0.5·randn: at 0.1·randn layer 1's dWq is ~5e-5, so small that
    the differences' round-off alone is ~1e-5 of it."""
    x, w, bias, positions, targets = layers_problem(2, 16, 44, seed=7, d_k=4, scale=0.5)
    loss, grads = layers_gradients(x, w, bias, positions, targets)
    if abs(loss - layers_loss(x, w, bias, positions, targets)) > 1e-12:
        sys.exit("NumPy layers: the step's loss differs from the loss")
    for i, grad in enumerate(grads):
        numeric = np.zeros_like(grad)
        for index in np.ndindex(grad.shape):
            nudged = [a.copy() for a in w]
            nudged[i][index] += 1e-6
            up = layers_loss(x, nudged, bias, positions, targets)
            nudged[i][index] -= 2e-6
            numeric[index] = (up - layers_loss(x, nudged, bias, positions, targets)) / 2e-6
        error = np.abs(numeric - grad).max() / np.abs(numeric).max()
        if error > 1e-7:
            sys.exit(f"NumPy layers: gradient {i} differs from finite differences by {error:.2e}")


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


def layers_ms(b, n, d_model):
    x, w, bias, positions, targets = layers_problem(b, n, d_model)
    state = [0, [np.zeros_like(a) for a in w], [np.zeros_like(a) for a in w]]
    return median_ms(lambda: layers_step(x, w, bias, positions, targets, state))


def main(args):
    """No arguments: every size. "attention N": attention and the product at n = N. "step NxD": one step. "layers
    BxNxD": lesson 08's step."""
    check_attention()
    check_gradients()
    check_layers()
    sizes = {"attention": (16, 64, 256, 1024), "step": ("16x16", "128x64"), "layers": ("32x20x68",)}
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
    for size in sizes.get("layers", ()):
        print(f"numpy layers {size} median_ms={layers_ms(*map(int, size.split('x'))):.5f} numpy={np.__version__}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
