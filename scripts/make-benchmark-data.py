"""Writes the scikit-learn tasks of the cross-data-set benchmark (configs/benchmark.json) as CSV
files into the folder given as the only argument. Called by scripts/make-benchmark-data.sh; run
once, not by tests or CI. Provenance: data/benchmark/README.md.

Cells are copied as text from the CSV files bundled with scikit-learn (no float round trip); the
column names are scikit-learn's feature_names with spaces turned into underscores, and the label
column is `target` with scikit-learn's class values (breast_cancer: 0 = malignant, 1 = benign;
digits: 0-9).
"""
import csv
import gzip
import os
import sys

import sklearn
from sklearn import datasets

DATA = os.path.join(os.path.dirname(datasets.__file__), 'data')


def write(out, task, header, rows):
    for r in rows:
        if len(r) != len(header):
            sys.exit(f'{task}: a row has {len(r)} cells, the header {len(header)}')
    path = os.path.join(out, task + '.csv')
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)
    print(f'{task:22s} {len(rows):6d} rows {len(header):4d} columns  {path}')


def breast_cancer(out):
    with open(os.path.join(DATA, 'breast_cancer.csv'), newline='') as f:
        lines = list(csv.reader(f))
    # First line: n_samples, n_features, then the class names in target order.
    n, p, *names = lines[0]
    assert (int(n), int(p), names) == (569, 30, ['malignant', 'benign']), lines[0]
    features = [s.replace(' ', '_') for s in datasets.load_breast_cancer().feature_names]
    assert len(features) == 30
    write(out, 'sklearn_breast_cancer', features + ['target'], lines[1:])


def digits(out):
    with gzip.open(os.path.join(DATA, 'digits.csv.gz'), 'rt', newline='') as f:
        lines = [r for r in csv.reader(f)]
    features = list(datasets.load_digits().feature_names)
    assert len(features) == 64 and len(lines) == 1797
    write(out, 'digits', features + ['target'], lines)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: python3 make-benchmark-data.py OUT_DIR')
    print(f'scikit-learn {sklearn.__version__}, python {sys.version.split()[0]}')
    breast_cancer(sys.argv[1])
    digits(sys.argv[1])
