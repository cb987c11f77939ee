"""E(p) tables for the peer's score losses (docs/method.md 1.2-1.4), built with numpy.

For each loss the expected soft step E(p) = E_tau[h(p, tau)] and dE/dp are tabulated in float64 on
p = i/N, N = 2**bits (17, as configs/paper.json's loss.tableBits), and read in training by linear
interpolation, as solh does.

- sol:<dist> (exact step): E = F, dE/dp = f, in closed form at the nodes.
- soft-set (H^l at the point tau0 = 0.5): h(p, 0.5) and its slope at the nodes. H^l(., 0.5) is
  piecewise linear with its kinks at 0.25, 0.5 and 0.75, all grid nodes, so the interpolated value
  is exact; solh evaluates the step directly instead of from a table.
- solh:<dist> (H^l averaged over tau): in closed form (_solh_table), from the antiderivatives of
  f, f/tau and f/(1 - 1.5 tau): logarithms for the uniform law, scipy's sine and cosine integrals
  (sici) for the raised cosine. solh integrates by composite Gauss-Legendre instead; the two agree
  to 1e-12 with scipy's adaptive quadrature (check_peer.py), and building all tables takes a fraction
  of a second.
- The end nodes take the secant slope of their interval, as solh does (dE/dp is unbounded there for
  the uniform law).
"""
import numpy as np
from scipy.special import sici

DELTA = 0.1  # loss.delta of configs/paper.json


def parse_dist(spec):
    """'uniform' or 'cosine(mu,s)' -> (pdf, cdf, support)."""
    if spec == 'uniform':
        return (lambda x: np.where((x >= 0) & (x <= 1), 1.0, 0.0), lambda x: np.clip(x, 0, 1), (0.0, 1.0))
    if spec.startswith('cosine(') and spec.endswith(')'):
        mu, s = (float(v) for v in spec[7:-1].split(','))

        def pdf(x):
            z = (x - mu) / s
            return np.where(np.abs(z) < 1, (1 + np.cos(np.pi * z)) / (2 * s), 0.0)

        def cdf(x):
            z = np.clip((x - mu) / s, -1, 1)
            return 0.5 * (1 + z + np.sin(np.pi * z) / np.pi)

        return pdf, cdf, (mu - s, mu + s)
    raise ValueError(f'unknown threshold distribution {spec!r}; this peer knows uniform and cosine(mu,s)')


def linear_step(p, tau, delta=DELTA):
    """H^l(p, tau; delta) and dH/dp, elementwise (docs/method.md 1.2)."""
    tm = np.minimum(tau, 1 - tau)
    lo = tau - tm / 2
    hi = tau + tm / 2
    m1 = delta / lo
    m2 = (1 - 2 * delta) / tm
    m3 = delta / (1 - hi)
    value = np.where(p < lo, p * m1, np.where(p > hi, 1 - delta - m3 * (hi - p), 0.5 + m2 * (p - tau)))
    slope = np.where(p < lo, m1, np.where(p > hi, m3, m2))
    return value, slope


def _antiderivatives(dist):
    """F, A = int f(t)/t dt and B = int f(t)/(1 - 1.5 t) dt on [0, 1/2], as functions of tau."""
    if dist == 'uniform':
        return (lambda t: t), np.log, (lambda t: -np.log(1 - 1.5 * t) / 1.5)
    if dist.startswith('cosine('):
        mu, s = (float(v) for v in dist[7:-1].split(','))
        k = np.pi / s
        _, cdf, (lo, hi) = parse_dist(dist)

        def flat_outside(g):
            # f = 0 outside the support, so the antiderivatives are constant there: sici only inside.
            with np.errstate(divide='ignore', invalid='ignore'):  # an end never read may be log(0)
                ends = g(np.array([lo, hi]))

            def h(t):
                t = np.asarray(t, dtype=np.float64)
                out = np.where(t <= lo, ends[0], ends[1])
                inside = (t > lo) & (t < hi)
                out[inside] = g(t[inside])
                return out
            return h

        def A(t):
            si, ci = sici(k * t)
            return (np.log(t) + np.cos(k * mu) * ci + np.sin(k * mu) * si) / (2 * s)

        w = k / 1.5
        c = k / 1.5 - k * mu

        def B(t):
            u = 1 - 1.5 * t  # u >= 1/4 on tau <= 1/2
            si, ci = sici(w * u)
            return -(np.log(u) + np.cos(c) * ci + np.sin(c) * si) / (1.5 * 2 * s)

        return cdf, flat_outside(A), flat_outside(B)
    raise ValueError(f'unknown threshold distribution {dist!r}')


def _solh_table(dist, n, delta=DELTA):
    """E and dE/dp of H^l averaged over a law symmetric about 1/2, in closed form, at p = i/n.

    For tau <= 1/2, H^l(q, tau) is 1 - delta(1 - q)/(1 - 1.5 tau) for tau < 2q/3, (2 delta - 1/2) +
    (1 - 2 delta) q/tau for 2q/3 <= tau <= 2q, and 2 delta q/tau for tau > 2q; for tau > 1/2,
    H^l(p, tau) = 1 - H^l(1 - p, 1 - tau). With f(tau) = f(1 - tau) this gives
    E(p) = I(p) + 1/2 - I(1 - p) with I(q) = int_0^{1/2} H^l(q, tau) f(tau) dtau, a sum of
    differences of F, A and B at a = min(2q/3, 1/2) and b = min(2q, 1/2); and
    dE/dp = I'(p) + I'(1 - p) (the moving ends cancel since H^l is continuous). 1 - p runs over the
    same grid, so I is computed once and read backwards.
    """
    F, A, B = _antiderivatives(dist)
    q = np.arange(1, n + 1) / n  # I(0) = 0 and I'(0) is infinite: set apart below
    a, b = np.minimum(2 * q / 3, 0.5), np.minimum(2 * q, 0.5)
    Fa, Fb, F0 = F(a), F(b), F(np.zeros(1))
    Aa, Ab, Ah = A(a), A(b), A(np.full(1, 0.5))
    Ba, B0 = B(a), B(np.zeros(1))
    i_val = (Fa - F0) - delta * (1 - q) * (Ba - B0) + (2 * delta - 0.5) * (Fb - Fa) \
        + (1 - 2 * delta) * q * (Ab - Aa) + 2 * delta * q * (Ah - Ab)
    i_der = delta * (Ba - B0) + (1 - 2 * delta) * (Ab - Aa) + 2 * delta * (Ah - Ab)
    i_val = np.concatenate([[0.0], i_val])
    i_der = np.concatenate([[np.inf], i_der])  # replaced by the secant slope at both ends
    return i_val + 0.5 - i_val[::-1], i_der + i_der[::-1]


def build_table(loss, bits=17, delta=DELTA):
    """float64 arrays (E, dE/dp) of length 2**bits + 1 for a loss spec of the grid."""
    n = 2 ** bits
    p = np.arange(n + 1) / n
    if loss == 'soft-set':
        e, de = linear_step(p, np.full_like(p, 0.5), delta)
    elif loss.startswith('sol:'):
        pdf, cdf, _ = parse_dist(loss[4:])
        e, de = cdf(p), pdf(p)
    elif loss.startswith('solh:'):
        e, de = _solh_table(loss[5:], n, delta)
    else:
        raise ValueError(f'no table for loss {loss!r}')
    e = np.array(e, dtype=np.float64)
    de = np.array(de, dtype=np.float64)
    de[0] = (e[1] - e[0]) * n
    de[n] = (e[n] - e[n - 1]) * n
    return e, de
