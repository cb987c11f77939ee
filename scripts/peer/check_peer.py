#!/usr/bin/env python3
"""Checks of the peer against independent references (run by hand, not by tests or CI):
the hand-written gradient of peer.py's stacked step against torch.autograd on the same function,
and the closed-form E(p) tables against scipy's adaptive quadrature and docs/method.md 1.6.

    python3 scripts/peer/check_peer.py
"""
import math
import os
import sys

import numpy as np
import torch
from scipy.integrate import quad

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer  # noqa: E402
from tables import build_table, linear_step, parse_dist  # noqa: E402


class TableStep(torch.autograd.Function):
    """E(p) by the same interpolation, with its gradient given to autograd as the interpolated dE/dp."""

    @staticmethod
    def forward(ctx, p, table, base, n):
        e, de = peer.expected_step(p, table, base, n)
        ctx.save_for_backward(de)
        return e

    @staticmethod
    def backward(ctx, g):
        return g * ctx.saved_tensors[0], None, None, None


def autograd_losses(stack, z, y, table, n):
    """The losses written plainly (counts as sums, F1 and accuracy from their definitions), for autograd."""
    nb, m = stack.n_bce, y.shape[0]
    bce = torch.nn.functional.binary_cross_entropy_with_logits(z[:nb], y.expand(nb, m), reduction='none').mean(1)
    h = TableStep.apply(torch.sigmoid(z[nb:]), table, stack.base, n)
    tp = (h * y).sum(1)
    fp = (h * (1 - y)).sum(1)
    fn = (y * (1 - h)).sum(1)
    tn = ((1 - y) * (1 - h)).sum(1)
    f1 = 2 * tp / (2 * tp + fp + fn)
    acc = (tp + tn) / (tp + tn + fp + fn)
    return torch.cat([bce, 1 - torch.where(stack.is_f1, f1, acc)])


def check_gradient():
    """peer.stack_gradient (stacked, hand-written) against autograd through K separate plain MLPs."""
    torch.manual_seed(0)
    c = peer.load_config(os.path.join(peer.ROOT, 'configs', 'paper.json'))
    n = 2 ** c['loss']['tableBits']
    losses = [l for l in c['grid']['losses'] if l != 'bce']
    blocks = []
    for loss in losses:
        e, de = build_table(loss, c['loss']['tableBits'], c['loss']['delta'])
        blocks.append(np.stack([e[:-1], np.diff(e), de[:-1], np.diff(de)], 1).astype(np.float32))
    table = torch.from_numpy(np.concatenate(blocks))
    base = {l: i * n for i, l in enumerate(losses)}
    runs = peer.grid_runs(c)
    ok = True
    # The whole stack, and stacks some models have left (with and without BCE).
    for alive in (list(range(len(runs))), [0, 7, 12, 18], [3, 12]):
        k = len(alive)
        stack = peer.Stack(runs, alive, base)
        lay, size = peer.layout([23, 32, 16, 1])
        # Different weights per model, so a mix-up of rows would show.
        theta = peer.init_theta(lay, size, torch.Generator().manual_seed(1), k) * (1 + 0.3 * torch.rand(k, size))
        x, y = torch.randn(64, 23), (torch.rand(64) < 0.25).float()
        mask = torch.rand(64, 48).lt(0.5).float() / 0.5
        value, grad = peer.stack_gradient(x, y, theta, mask, table, stack.base, stack.f1, stack.n_bce, n, 23, 32, 16, 2.0)
        t = theta.clone().requires_grad_()
        (w1, b1), (w2, b2), (w3, b3) = peer.views(t, lay)
        z = []
        for j in range(k):
            a1 = torch.relu(x @ w1[j] + b1[j]) * mask[:, :32]
            a2 = torch.relu(a1 @ w2[j] + b2[j]) * mask[:, 32:]
            z.append((a2 @ w3[j] + b3[j]).squeeze(1))
        ref = autograd_losses(stack, torch.stack(z), y, table, n)
        ref.sum().backward()
        dv = (value - ref.detach()).abs().max().item()
        dg = ((grad - t.grad).abs().max() / t.grad.abs().max()).item()
        print(f'gradient, {k} models: max |loss - autograd loss| = {dv:.2e}, max |grad - autograd grad| / max |grad| = {dg:.2e}')
        ok = ok and dv < 1e-5 and dg < 1e-4
    return ok


def check_tables():
    ok = True
    method = {0.1: [0.135802, 0.038457, 0.038753, 0.051121], 0.25: [0.295110, 0.105943, 0.134274, 0.191395],
              0.75: [0.704890, 0.894057, 0.865726, 0.808605], 0.9: [0.864198, 0.961543, 0.961247, 0.948879]}
    n = 2 ** 17
    grid = np.arange(n + 1) / n
    for j, dist in enumerate(['uniform', 'cosine(0.5,0.1)', 'cosine(0.5,0.3)', 'cosine(0.5,0.5)']):
        e, de = build_table('solh:' + dist)
        pdf, _, (lo, hi) = parse_dist(dist)
        worst_ref = max(abs(np.interp(p, grid, e) - v[j]) for p, v in method.items())
        worst_quad = 0.0
        for i in [1, 37, 5000, 26214, 39321, 65536, 91750, 131000]:
            q = i / n
            pts = [u for u in [2 * q / 3, 2 * q, (2 * q + 1) / 3, 2 * q - 1, 0.5] if lo < u < hi]
            ev = quad(lambda s: float(linear_step(q, s)[0] * pdf(s)), lo, hi, points=pts, limit=500, epsabs=1e-14)[0]
            dv = quad(lambda s: float(linear_step(q, s)[1] * pdf(s)), lo, hi, points=pts, limit=500, epsabs=1e-14)[0]
            worst_quad = max(worst_quad, abs(ev - e[i]), abs(dv - de[i]) / max(1.0, abs(dv)))
        print(f'table solh:{dist}: |E - docs/method.md 1.6| <= {worst_ref:.1e} (6 decimals), |E, dE - scipy quad| <= {worst_quad:.1e}')
        ok = ok and worst_ref < 1e-6 and worst_quad < 1e-9
    return ok


if __name__ == '__main__':
    good = check_tables() & check_gradient()
    print('all checks passed' if good else 'CHECK FAILED')
    sys.exit(0 if good else 1)
