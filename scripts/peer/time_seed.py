#!/usr/bin/env python3
"""CPU time of one seed of the peer (train_seed: all 19 trainings of the seed, and their
evaluation), in this process with one torch thread; the time measure of README.md's table.

    /usr/bin/python3 scripts/peer/time_seed.py [SEED] [REPEATS] [PEER_DIR]

Prints each repeat's CPU time (time.process_time(), less noisy than wall time on a shared machine),
their median, the md5 of the seed's output lines (equal md5: the same numbers) and the epochs run.
PEER_DIR (default: this folder) times another copy of peer.py, e.g. an older commit's.
"""
import hashlib
import json
import os
import sys
import time

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
sys.path.insert(0, sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np  # noqa: E402
import torch  # noqa: E402
import peer  # noqa: E402
from tables import build_table  # noqa: E402

torch.set_num_threads(1)
c = peer.load_config(os.path.join(peer.ROOT, 'configs', 'paper.json'))
x, y = peer.load_data(c)
n = 2 ** c['loss']['tableBits']
blocks, base = [], {}
for i, loss in enumerate(l for l in c['grid']['losses'] if l != 'bce'):
    e, de = build_table(loss, c['loss']['tableBits'], c['loss']['delta'])
    blocks.append(np.stack([e[:-1], np.diff(e), de[:-1], np.diff(de)], axis=1).astype(np.float32))
    base[loss] = i * n
table = torch.from_numpy(np.concatenate(blocks))
times = []
for _ in range(reps):
    t0 = time.process_time()
    out = peer.train_seed(c, x, y, seed, table, base, n)
    times.append(time.process_time() - t0)
print(json.dumps({'seed': seed, 'cpu_s': [round(t, 3) for t in times], 'median_s': round(sorted(times)[len(times) // 2], 3),
                  'md5': hashlib.md5(json.dumps(out, sort_keys=True).encode()).hexdigest(),
                  'epochs': sum(r['epochsRun'] for r in out)}))
