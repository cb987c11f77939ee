#!/usr/bin/env python3
"""A batched PyTorch peer of `solh run --target all` on the paper grid (configs/paper.json).

Per seed it trains every run of the grid (BCE once, then each score loss for each target: 19 runs
for 2 targets and 10 losses) as ONE stack of models: the parameters are the rows of one [K, P]
tensor; the first layer is one product of the shared batch with [in, K*32], the second a
torch.baddbmm over [K, batch, 32]; each model's loss and dLoss/dz in one TorchScript function;
the backward pass and Adam written out on the stacked tensors. All models of a seed see the same
split, initial weights, batches and dropout masks (the protocol of docs/method.md 3.9); each keeps
its own loss, Adam moments, early stopping and best weights, and a model that stops leaves the
stack. Seeds are split between worker processes (two by default, one torch thread each).

Output: one JSON line per training (seed, target, loss, epochs, and for every score of solh's
records the test and training score at 0.5, tau* and the scores at tau*). See README.md here.
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import sys
import time

import numpy as np

# One BLAS/OpenMP thread per worker process: the two workers are the parallelism.
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tables import build_table  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def fail(message):
    """Bad input: one line naming the problem and the fix, exit status 2."""
    print(message, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- config and data

def load_config(path):
    with open(path) as f:
        c = json.load(f)
    if 'extends' in c:
        base = load_config(os.path.join(os.path.dirname(path), c.pop('extends')))
        for k, v in c.items():
            base[k] = {**base[k], **v} if isinstance(v, dict) and isinstance(base.get(k), dict) else v
        c = base
    # The peer implements the settings of the paper grid only; refuse others rather than differ silently.
    need = {('data', 'scaling'): 'z-score', ('data', 'missing'): 'error', ('model', 'architecture'): 'mlp',
            ('model', 'init'): 'pytorch', ('training', 'restoreBest'): True}
    for (a, b), v in need.items():
        if c[a].get(b) != v:
            fail(f'peer.py: {a}.{b} = {c[a].get(b)!r} is not supported (only {v!r}); use configs/paper.json')
    if len(c['model']['hidden']) != 2:
        fail(f"peer.py: model.hidden = {c['model']['hidden']} is not supported (the stacked MLP has two hidden layers); use configs/paper.json")
    return c


def load_data(c):
    path = c['data']['path']
    path = path if os.path.isabs(path) else os.path.join(ROOT, path)
    with open(path) as f:
        header = f.readline().strip().split(',')
    table = np.loadtxt(path, delimiter=',', skiprows=1, dtype=np.float64)
    label = header.index(c['data']['label'])
    keep = [j for j, name in enumerate(header) if j != label and name not in c['data'].get('drop', [])]
    return table[:, keep], table[:, label].astype(np.int64)


def split_and_scale(x, y, fractions, seed):
    """Stratified split with solh's sizes (per class: round(n*test) test, round(n*validation)
    validation, the rest train), z-score fitted on the training rows; float32 tensors."""
    rng = np.random.default_rng([seed, 1])
    parts = {'train': [], 'validation': [], 'test': []}
    for cls in (0, 1):
        idx = rng.permutation(np.flatnonzero(y == cls))
        n = len(idx)
        n_test = int(math.floor(n * fractions['test'] + 0.5))
        n_val = int(math.floor(n * fractions['validation'] + 0.5))
        parts['test'].append(idx[:n_test])
        parts['validation'].append(idx[n_test:n_test + n_val])
        parts['train'].append(idx[n_test + n_val:])
    parts = {k: np.sort(np.concatenate(v)) for k, v in parts.items()}
    xt = x[parts['train']]
    mean = xt.mean(axis=0)
    sd = xt.std(axis=0)  # population sd (ddof 0), as solh
    usable = sd >= 1e-12 * (np.abs(mean) + 1)
    sd_safe = np.where(usable, sd, 1.0)
    out = {}
    for k, rows in parts.items():
        z = np.where(usable, (x[rows] - mean) / sd_safe, 0.0)
        out[k] = (torch.from_numpy(z.astype(np.float32)), torch.from_numpy(y[rows].astype(np.float32)))
    return out


# ---------------------------------------------------------------- losses

def expected_step(p, table, base, n: int):
    """E(p) and dE/dp read from the tables by linear interpolation, as solh's fused kernel does
    (packages/losses/src/fused.ts). table: [T * N, 4] float32 rows (E, E step, dE, dE step) per
    node, one block of N rows per loss; base: [K] each model's block."""
    x = p * n  # p is a sigmoid, in [0, 1]
    i = x.floor().clamp_(max=n - 1)
    f = (x - i).unsqueeze(2)
    rows = table.index_select(0, (i.long() + base[:, None]).view(-1)).view(p.shape[0], p.shape[1], 4)  # [K, B, 4]
    hd = rows[..., 0::2] + f * rows[..., 1::2]  # [K, B, 2]: E, dE/dp
    return hd[..., 0], hd[..., 1]


def _score_loss_grad(z, y, table, base, f1, n: int):
    """1 - score of the soft confusion matrix of E(sigmoid(z)) per model (docs/method.md 1.1), and
    dLoss/dz through the counts, E and the sigmoid, as solh's kernel. f1: 1. for models whose
    target is F1, 0. for accuracy. The score's partials in (TP, FN, FP, TN) are written out:
    dLoss/dh is -(dS/dTP - dS/dFN) for a positive, -(dS/dFP - dS/dTN) for a negative."""
    m = y.shape[0]
    p = torch.sigmoid(z)
    h, dh = expected_step(p, table, base, n)
    tp = h @ y
    s = h.sum(1)
    pos = y.sum()
    fp = s - tp
    fn = pos - tp
    # 2TP + FP + FN is 0 only when TP = FP = FN = 0; then F1 and its gradient are 0, as solh's 0/0 = 0.
    den = (2 * tp + fp + fn).clamp_min(1e-12)
    acc = (m - pos - s + 2 * tp) / m
    score = f1 * (2 * tp / den) + (1 - f1) * acc
    d2 = den * den
    g_pos = f1 * (-2 * (tp + fp + fn) / d2) - (1 - f1) / m
    g_neg = f1 * (2 * tp / d2) + (1 - f1) / m
    gh = g_neg[:, None] + (g_pos - g_neg)[:, None] * y
    return 1 - score, gh * dh * p * (1 - p)


class Stack:
    """The loss layout of the models currently in the stack (rebuilt when models leave). Runs are
    ordered BCE first, so the stack is [BCE (if still training), score losses...]."""

    def __init__(self, runs, alive, table_base):
        self.ids = torch.tensor(alive)
        self.n_bce = sum(runs[g]['loss'] == 'bce' for g in alive)
        sc = [g for g in alive if runs[g]['loss'] != 'bce']
        self.base = torch.tensor([table_base[runs[g]['loss']] for g in sc], dtype=torch.long)
        self.is_f1 = torch.tensor([runs[g]['target'] == 'f1' for g in sc], dtype=torch.bool)
        self.f1 = self.is_f1.float()

    def losses(self, z, y, table, n):
        """Each model's own loss on a set [K] (the validation loss of early stopping)."""
        nb = self.n_bce
        zb = z[:nb]
        bce = F.binary_cross_entropy_with_logits(zb, y.expand_as(zb), reduction='none').mean(dim=1)
        return torch.cat([bce, score_loss_grad(z[nb:], y, table, self.base, self.f1, n)[0]])


# ---------------------------------------------------------------- model: K MLPs in one flat [K, P] tensor

def layout(widths):
    """Offsets of (W [in, out], b [out]) per layer in a model's flat parameter vector."""
    out, o = [], 0
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        out.append((o, o + fan_in * fan_out, fan_in, fan_out))
        o += fan_in * fan_out + fan_out
    return out, o


def views(theta, lay):
    """[(W [K, in, out], b [K, out])] views into the rows of theta [K, P]."""
    k = theta.shape[0]
    return [(theta[:, w:b].view(k, i, o), theta[:, b:b + o]) for w, b, i, o in lay]


def init_theta(lay, size, gen, k):
    """PyTorch's default for nn.Linear: weights and biases uniform on +-1/sqrt(fan_in); the same
    draw for all k models of the seed."""
    theta = torch.empty(size)
    for w, b, i, o in lay:
        bound = 1 / math.sqrt(i)
        theta[w:b + o] = (torch.rand(b + o - w, generator=gen) * 2 - 1) * bound
    return theta.expand(k, size).clone()


def forward(v, x):
    """Logits [K, B] of the stack for the shared rows x [B, in], without dropout (validation and
    evaluation). The first layer is one product x @ [in, K*32], since the input is shared by all
    models; the second a batched product over [K, B, 32] x [K, 32, 16]; the output layer (width 1)
    an elementwise product summed over 16, faster here than a batched product with one column."""
    (w1, b1), (w2, b2), (w3, b3) = v
    k, fi, h1w = w1.shape
    z1 = torch.addmm(b1.reshape(1, -1), x, w1.permute(1, 0, 2).reshape(fi, k * h1w))
    a1 = torch.relu(z1).view(x.shape[0], k, h1w).transpose(0, 1)
    a2 = torch.relu(torch.baddbmm(b2[:, None, :], a1, w2))
    return (a2 * w3.view(k, 1, -1)).sum(2).add_(b3)


def _stack_gradient(x, y, theta, mask, table, base, f1, n_bce: int, n: int, fi: int, h1: int, h2: int, inv_keep: float):
    """One training step's losses [K] and their gradients [K, P] for the whole stack, by hand.

    Forward as `forward` (first layer one product with [fi, K*h1], second a baddbmm over
    [K, B, h1], output an elementwise product summed over h2); mask [B, h1 + h2] is the step's one
    dropout mask (0 or inv_keep = 1/keep) for every model. Losses: BCE for the first n_bce rows (mean over the
    batch, dLoss/dz = (sigmoid(z) - y)/B), score losses for the rest (_score_loss_grad). Backward:
    a = relu(z) * mask has derivative mask = 1/keep where a > 0 and 0 elsewhere."""
    k = theta.shape[0]
    bsz = x.shape[0]
    o1 = fi * h1
    o2 = o1 + h1
    o3 = o2 + h1 * h2
    o4 = o3 + h2
    w1 = theta[:, :o1].view(k, fi, h1)
    w2 = theta[:, o2:o3].view(k, h1, h2)
    w3 = theta[:, o4:o4 + h2]
    m1 = mask[:, :h1].unsqueeze(0)
    m2 = mask[:, h1:].unsqueeze(0)
    z1 = torch.addmm(theta[:, o1:o2].reshape(1, -1), x, w1.permute(1, 0, 2).reshape(fi, k * h1))
    a1 = torch.relu(z1).view(bsz, k, h1).transpose(0, 1) * m1
    a2 = torch.relu(torch.baddbmm(theta[:, o3:o4].unsqueeze(1), a1, w2)) * m2
    z = (a2 * w3.unsqueeze(1)).sum(2) + theta[:, o4 + h2:o4 + h2 + 1]
    zb = z[:n_bce]
    loss_b = torch.nn.functional.binary_cross_entropy_with_logits(zb, y.expand_as(zb), reduction='none').mean(1)
    loss_s, dz_s = _score_loss_grad(z[n_bce:], y, table, base, f1, n)
    dz = torch.cat([(torch.sigmoid(zb) - y) / bsz, dz_s])
    d = dz.unsqueeze(2)
    # Where a > 0 its mask is 1/keep: threshold_backward (ReLU's backward, g where a > 0, else 0)
    # times 1/keep is g * sign(a) * mask in two ops instead of three.
    d2 = torch.ops.aten.threshold_backward(d * w3.unsqueeze(1), a2, 0.0).mul_(inv_keep)
    d1 = torch.ops.aten.threshold_backward(torch.bmm(d2, w2.transpose(1, 2)), a1, 0.0).mul_(inv_keep)
    gw1 = (x.t() @ d1.transpose(0, 1).reshape(bsz, k * h1)).view(fi, k, h1).transpose(0, 1)
    g = torch.cat([gw1.reshape(k, -1), d1.sum(1), torch.bmm(a1.transpose(1, 2), d2).reshape(k, -1), d2.sum(1),
                   (a2 * d).sum(1), dz.sum(1, keepdim=True)], 1)
    return torch.cat([loss_b, loss_s]), g


def _adam(theta, g, m, v, beta1: float, beta2: float, eps: float, lr_t: float, root_bc2: float):
    """torch.optim.Adam's update (no weight decay) on all rows at once: m <- b1 m + (1-b1) g,
    v <- b2 v + (1-b2) g^2, theta -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)."""
    m.mul_(beta1).add_(g, alpha=1 - beta1)
    v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
    theta.addcdiv_(m, v.sqrt().div_(root_bc2).add_(eps), value=-lr_t)


# TorchScript runs these op chains without Python between the ops: a step is ~70 small ops.
score_loss_grad = torch.jit.script(_score_loss_grad)
stack_gradient = torch.jit.script(_stack_gradient)


def _train_epoch(xe, ye, masks, theta, m, v, table, base, f1, n_bce: int, n: int, fi: int, h1: int, h2: int,
                 inv_keep: float, bs: int, step: int, beta1: float, beta2: float, eps: float, lr: float) -> int:
    """One epoch of the stack: for each batch of the shuffled rows xe, ye (and its rows of the
    epoch's dropout masks) the stack's gradient and an Adam step; returns Adam's step count. One
    TorchScript call per epoch, so no Python runs between the ~20 steps of an epoch."""
    rows = xe.shape[0]
    for start in range(0, rows, bs):
        end = min(start + bs, rows)
        _, g = _stack_gradient(xe[start:end], ye[start:end], theta, masks[start:end], table, base, f1, n_bce, n, fi, h1, h2, inv_keep)
        step += 1
        _adam(theta, g, m, v, beta1, beta2, eps, lr / (1 - beta1 ** step), math.sqrt(1 - beta2 ** step))
    return step


train_epoch = torch.jit.script(_train_epoch)


class Adam:
    """Adam state of the stack: moments [K, P] (rows leave with their models) and the step count."""

    def __init__(self, theta):
        self.m = torch.zeros_like(theta)
        self.v = torch.zeros_like(theta)
        self.t = 0

    def keep(self, sel):
        self.m = self.m.index_select(0, sel)
        self.v = self.v.index_select(0, sel)


# ---------------------------------------------------------------- one seed

def grid_runs(c):
    """BCE once (target 'any'; solh's records key it with target null), then every score loss for every target."""
    runs = [{'target': 'any', 'loss': 'bce'}] if 'bce' in c['grid']['losses'] else []
    return runs + [{'target': tg, 'loss': l} for tg in c['grid']['targets'] for l in c['grid']['losses'] if l != 'bce']


def train_seed(c, x, y, seed, table, table_base, n_table):
    t = c['training']
    data = split_and_scale(x, y, c['split'], seed)
    xtr, ytr = data['train']
    xva, yva = data['validation']
    runs = grid_runs(c)
    k = len(runs)
    hidden = c['model']['hidden']
    lay, size = layout([xtr.shape[1], *hidden, 1])
    theta = init_theta(lay, size, torch.Generator().manual_seed(seed * 4 + 1), k)
    best = theta.clone()
    opt = Adam(theta)
    shuffle_gen = torch.Generator().manual_seed(seed * 4 + 2)
    dropout_gen = torch.Generator().manual_seed(seed * 4 + 3)
    keep = 1 - c['model']['dropout']
    width = sum(hidden)

    alive = list(range(k))
    stack = Stack(runs, alive, table_base)
    fi, h1, h2 = xtr.shape[1], hidden[0], hidden[1]
    best_loss = [math.inf] * k
    wait = [0] * k
    epochs = [0] * k
    best_epoch = [0] * k
    status = ['ok'] * k
    n, bs = xtr.shape[0], t['batchSize']
    for epoch in range(1, t['maxEpochs'] + 1):
        order = torch.randperm(n, generator=shuffle_gen)
        xe, ye = xtr[order], ytr[order]
        # One dropout mask per step for every model of the stack (inverted: 0 or 1/keep), drawn for the
        # whole epoch at once: the same numbers as one draw of [batch, width] per step.
        masks = torch.rand(n, width, generator=dropout_gen).lt_(keep).float().div_(keep)
        opt.t = train_epoch(xe, ye, masks, theta, opt.m, opt.v, table, stack.base, stack.f1, stack.n_bce, n_table, fi, h1, h2,
                            1 / keep, bs, opt.t, t['beta1'], t['beta2'], t['epsilon'], t['learningRate'])
        val = stack.losses(forward(views(theta, lay), xva), yva, table, n_table).tolist()
        improved, stopped = [], []
        for pos, g in enumerate(alive):
            epochs[g] = epoch
            if not math.isfinite(val[pos]):
                status[g] = 'failed'
                stopped.append(pos)
            elif val[pos] < best_loss[g] - t['minDelta']:
                best_loss[g], best_epoch[g], wait[g] = val[pos], epoch, 0
                improved.append(pos)
            else:
                wait[g] += 1
                if wait[g] >= t['patience']:
                    stopped.append(pos)
        if improved:
            src = torch.tensor(improved)
            best.index_copy_(0, stack.ids[src], theta.index_select(0, src))
        if stopped:
            remain = [pos for pos in range(len(alive)) if pos not in set(stopped)]
            if not remain:
                break
            # The stopped models leave the stack: parameters and Adam moments keep the other rows.
            sel = torch.tensor(remain)
            theta = theta.index_select(0, sel)
            opt.keep(sel)
            alive = [alive[pos] for pos in remain]
            stack = Stack(runs, alive, table_base)

    # Best weights back (restoreBest), then solh's evaluation on the training and test sets.
    bv = views(best, lay)
    p_train = torch.sigmoid(forward(bv, xtr)).numpy()
    p_test = torch.sigmoid(forward(bv, data['test'][0])).numpy()
    ev = evaluate(p_train, ytr.numpy(), p_test, data['test'][1].numpy(), c['evaluation'])
    return [{'seed': seed, **run, 'status': status[g], 'epochsRun': epochs[g], 'bestEpoch': best_epoch[g],
             'rows': {kk: int(val_[0].shape[0]) for kk, val_ in data.items()}, 'evaluation': ev[g]} for g, run in enumerate(runs)]


# ---------------------------------------------------------------- evaluation (src/evaluate/evaluate.ts)

def _ratio(a, b):
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)


def _sqrt0(a):
    return np.sqrt(np.where(a > 0, a, 0.0))


def scores(tp, fn, fp, tn):
    """Every parameter-free score of packages/losses/src/scores.ts, zero where a denominator is 0."""
    recall = _ratio(tp, tp + fn)
    spec = _ratio(tn, tn + fp)
    cross = tp * tn - fp * fn
    return {
        'accuracy': _ratio(tp + tn, tp + tn + fp + fn),
        'precision': _ratio(tp, tp + fp),
        'recall': recall,
        'specificity': spec,
        'f1': _ratio(2 * tp, 2 * tp + fn + fp),
        'balanced-accuracy': 0.5 * (recall + spec),
        'tss': recall + spec - 1,
        'csi': _ratio(tp, tp + fn + fp),
        'hss1': _ratio(tp - fp, tp + fn),
        'hss2': _ratio(2 * cross, (tp + fn) * (fn + tn) + (tp + fp) * (tn + fp)),
        'mcc': _ratio(cross, _sqrt0((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))),
        'gmean': _sqrt0(recall * spec),
    }


def counts(p, y, thresholds):
    """Hard counts [K, T] with 'p >= threshold' positive."""
    pos = p.astype(np.float64)[:, None, :] >= np.asarray(thresholds)[None, :, None]
    yb = y.astype(bool)
    tp = (pos & yb).sum(-1).astype(np.float64)
    fp = (pos & ~yb).sum(-1).astype(np.float64)
    return tp, yb.sum() - tp, fp, (~yb).sum() - fp


def evaluate(p_train, y_train, p_test, y_test, e):
    steps = round(1 / e['thresholdStep'])
    grid = np.array([round((i + 1) * e['thresholdStep'], 10) for i in range(steps - 1)])
    thr = np.append(grid, e['threshold'])
    s_train = scores(*counts(p_train, y_train, thr))
    s_test = scores(*counts(p_test, y_test, thr))
    out = [{} for _ in range(p_train.shape[0])]
    for name in s_train:
        tr, te = s_train[name], s_test[name]
        best = np.argmax(tr[:, :-1], axis=1)  # the first maximiser on the training set
        for g in range(len(out)):
            out[g][name] = {'trainAtThreshold': float(tr[g, -1]), 'tauStar': float(grid[best[g]]), 'trainAtTau': float(tr[g, best[g]]),
                            'testAtThreshold': float(te[g, -1]), 'testAtTau': float(te[g, best[g]])}
    return out


# ---------------------------------------------------------------- driver

_SHARED = {}


def _worker(seeds):
    torch.set_num_threads(1)
    s = _SHARED
    return [line for seed in seeds for line in train_seed(s['c'], s['x'], s['y'], seed, s['table'], s['base'], s['n'])]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog='example: python3 scripts/peer/peer.py --seeds 3 --out /tmp/peer.jsonl')
    ap.add_argument('--seeds', type=int, help="seeds 0..n-1 (default: the config's grid.seeds)")
    ap.add_argument('--config', default=os.path.join(ROOT, 'configs', 'paper.json'))
    ap.add_argument('--workers', type=int, default=2, help='worker processes, seeds split between them (default 2)')
    ap.add_argument('--out', required=True, help='JSON lines file, one line per training')
    a = ap.parse_args()
    t0 = time.time()
    c = load_config(a.config)
    seeds = list(range(a.seeds)) if a.seeds else c['grid']['seeds']
    x, y = load_data(c)
    # E(p) tables, once per run, before the workers fork (they share the pages).
    n = 2 ** c['loss']['tableBits']
    score_losses_ = [l for l in c['grid']['losses'] if l != 'bce']
    blocks, base = [], {}
    for i, loss in enumerate(score_losses_):
        e, de = build_table(loss, c['loss']['tableBits'], c['loss']['delta'])
        blocks.append(np.stack([e[:-1], np.diff(e), de[:-1], np.diff(de)], axis=1).astype(np.float32))
        base[loss] = i * n
    table = torch.from_numpy(np.concatenate(blocks)) if blocks else torch.zeros(1, 4)
    t_tables = time.time() - t0
    _SHARED.update(c=c, x=x, y=y, table=table, base=base, n=n)
    w = max(1, min(a.workers, len(seeds)))
    chunks = [seeds[i::w] for i in range(w)]
    if w == 1:
        results = [_worker(chunks[0])]
    else:
        with mp.get_context('fork').Pool(w) as pool:
            results = pool.map(_worker, chunks)
    lines = sorted((r for part in results for r in part), key=lambda r: (r['seed'], r['target'], r['loss']))
    with open(a.out, 'w') as f:
        for r in lines:
            f.write(json.dumps(r) + '\n')
    print(f'peer: {len(lines)} trainings, seeds {seeds[0]}..{seeds[-1]}, {w} workers, torch {torch.__version__}, '
          f'tables {t_tables:.2f} s, total {time.time() - t0:.2f} s -> {a.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
