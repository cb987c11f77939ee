#!/usr/bin/env python3
"""Do the peer's scores agree with solh's within seed noise?

For every (target, loss) cell of the grid: the mean over seeds of the target score on the test set
(at the threshold 0.5, and at tau* chosen on the training set), for solh's records and for the
peer's lines; their difference; and the standard error of that difference,
SE = sqrt(sd_solh^2 / n_solh + sd_peer^2 / n_peer) (sd over seeds, ddof 1). The two use different
random streams (split, initial weights, batches, masks), so their seeds are independent samples
and the difference of means has this SE. A cell agrees when |difference| <= 2 SE; the count within
3 SE is printed too. With 3 seeds the SE is itself a rough estimate (2 degrees of freedom per side),
so expect the odd cell outside 2 SE by chance (about 1 in 10 for a t-like statistic with few
degrees of freedom), and read the 30-seed comparison as the real test. Cells are correlated: all
losses of a seed share its split, so differences of one sign across many cells are expected.

    python3 scripts/peer/compare.py --solh <solh results folder> --peer <peer .jsonl>

BCE is trained once per seed (target null in solh's records, "any" in the peer's) and compared in both targets' tables.
"""
import argparse
import glob
import json
import math
import os
import sys


def fail(message):
    """Bad input: one line naming the problem and the fix, exit status 2."""
    print(message, file=sys.stderr)
    sys.exit(2)


def solh_record(r):
    # solh keys BCE, trained once for every target, with target null; the peer writes 'any'.
    key = {**r['key'], 'target': r['key'].get('target') or 'any'}
    # Record format 1 names the scores at the decision threshold trainAt05/testAt05, format 2
    # trainAtThreshold/testAtThreshold (src/store/record-schema.ts): read both as format 2.
    old = {'trainAt05': 'trainAtThreshold', 'testAt05': 'testAtThreshold'}
    evaluation = {score: {old.get(k, k): v for k, v in ev.items()} for score, ev in r.get('evaluation', {}).items()}
    return {**key, 'status': r['status'], 'epochsRun': r['epochsRun'], 'evaluation': evaluation}


def solh_records(folder):
    out = []
    for path in glob.glob(os.path.join(folder, '*.json')):
        with open(path) as f:
            r = json.load(f)
        if 'key' in r:
            out.append(solh_record(r))
    for path in glob.glob(os.path.join(folder, '*.jsonl')):  # --record lean
        with open(path) as f:
            for line in f:
                r = json.loads(line)
                if 'key' in r:
                    out.append(solh_record(r))
    if not out:
        fail(f'compare.py: no solh records in {folder}; give the --out folder of `solh run`')
    return out


def peer_records(path):
    if not os.path.isfile(path):
        fail(f'compare.py: no peer output {path}; give the --out file of peer.py')
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def stats(v):
    n = len(v)
    m = sum(v) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1)) if n > 1 else float('nan')
    return n, m, sd


def cell_values(records, target, loss, field):
    want = 'any' if loss == 'bce' else target
    by_seed = {}
    for r in records:
        if r['loss'] == loss and r['target'] == want and r['status'] == 'ok':
            by_seed[r['seed']] = r['epochsRun'] if field == 'epochs' else r['evaluation'][target][field]
    return [by_seed[s] for s in sorted(by_seed)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--solh', required=True, help='folder of solh records (solh run --out)')
    ap.add_argument('--peer', required=True, help="the peer's JSON lines (peer.py --out)")
    ap.add_argument('--k', type=float, default=2.0, help='agreement bound in standard errors (default 2)')
    a = ap.parse_args()
    solh, peer = solh_records(a.solh), peer_records(a.peer)
    targets = sorted({r['target'] for r in solh if r['target'] != 'any'})
    losses = []
    for r in solh:
        if r['loss'] not in losses:
            losses.append(r['loss'])
    losses.sort(key=lambda l: (l != 'bce', l))
    summary = {}
    for field, label in (('testAtThreshold', 'test score at 0.5'), ('testAtTau', 'test score at tau*'), ('epochs', 'epochs run')):
        print(f'\n{label}: mean over seeds (n solh / n peer), difference peer - solh, SE of the difference')
        print(f'{"target":9} {"loss":22} {"solh":>8} {"peer":>8} {"diff":>8} {"SE":>7} {"|d|/SE":>7}  n')
        within = {a.k: 0, 3.0: 0}
        cells = 0
        for target in targets:
            for loss in losses:
                s, p = cell_values(solh, target, loss, field), cell_values(peer, target, loss, field)
                if len(s) < 2 or len(p) < 2:
                    print(f'{target:9} {loss:22} too few seeds (solh {len(s)}, peer {len(p)})')
                    continue
                ns, ms, sds = stats(s)
                npr, mp, sdp = stats(p)
                diff = mp - ms
                se = math.sqrt(sds ** 2 / ns + sdp ** 2 / npr)
                z = abs(diff) / se if se > 0 else (0.0 if diff == 0 else math.inf)
                cells += 1
                for k in within:
                    within[k] += z <= k
                flag = '' if z <= a.k else '  <-- outside'
                fmt = '{:8.1f}' if field == 'epochs' else '{:8.4f}'
                print(f'{target:9} {loss:22} {fmt.format(ms)} {fmt.format(mp)} {fmt.format(diff)} {se:7.4f} {z:7.2f}  {ns}/{npr}{flag}')
        summary[label] = (within, cells)
    print()
    for label, (within, cells) in summary.items():
        print(f'{label}: {within[a.k]} of {cells} (target, loss) cells within {a.k:g} SE ({within[3.0]} within 3 SE)')


if __name__ == '__main__':
    main()
