#!/usr/bin/env python3
"""bench-fit -- scikit-learn's LogisticRegression on lead-fit's features.

    bench-fit.py FEATURES.csv

FEATURES.csv is what `lead-fit --features` writes: a split column (train
or test), the outcome y and one column per feature, so both tools see the
same features and the same split.  The penalty is chosen as lead-fit
chooses it: the same 11 values (C = 1/lambda), 5 stratified folds, the
least out-of-fold log loss; then the held-out AUC is printed as
"auc 0.812345".  The bench times this whole script (start, reading,
cross-validation, fit) against the whole lead-fit run.
"""
import csv
import sys

import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold


def main():
    path = sys.argv[1]
    with open(path, newline="") as f:
        next(csv.reader(f))     # feature names may be quoted
        split, rows = [], []
        for line in f:
            s, rest = line.split(",", 1)
            split.append(s == "test")
            rows.append(np.array(rest.split(","), dtype=float))
    a = np.vstack(rows)
    test = np.array(split)
    y, X = a[:, 0].astype(int), a[:, 1:]
    grid = [1000, 300, 100, 30, 10, 3, 1, 0.3, 0.1, 0.03, 0.01]
    m = LogisticRegressionCV(Cs=[1 / g for g in grid],
                             cv=StratifiedKFold(5, shuffle=True, random_state=1),
                             scoring="neg_log_loss", solver="lbfgs",
                             max_iter=2000)
    m.fit(X[~test], y[~test])
    print("auc %.6f C %g" % (roc_auc_score(y[test], m.predict_proba(X[test])[:, 1]),
                             m.C_[0]))


main()
