"""XGBoost's side of bench/classifyXgboost.ts: fit + predict on the split the Node bench wrote, one JSON line.
Usage: python3 bench/classify_xgboost.py depthwise|lossguide DIR SEED
Settings are the bench's pinned ones (same as ours): hist, 150 rounds, no early stopping, 128 bins, learning
rate 0.1, subsample and column sample 0.8 per tree, L2 1, min child hessian 1, 2 threads; depth-wise trees of
depth 6, or loss-guided trees of 31 leaves with no depth limit."""
import json, resource, sys, time
import numpy as np
import xgboost as xgb
from sklearn.metrics import accuracy_score, f1_score, top_k_accuracy_score

policy, d, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
meta = json.load(open(f"{d}/meta.json"))
p = len(meta["features"])
X_train = np.fromfile(f"{d}/X_train.f64", dtype=np.float64).reshape(-1, p)
X_test = np.fromfile(f"{d}/X_test.f64", dtype=np.float64).reshape(-1, p)
y_train = np.fromfile(f"{d}/y_train.i32", dtype=np.int32)
y_test = np.fromfile(f"{d}/y_test.i32", dtype=np.int32)
growth = {"grow_policy": "depthwise", "max_depth": 6} if policy == "depthwise" else {"grow_policy": "lossguide", "max_leaves": 31, "max_depth": 0}
model = xgb.XGBClassifier(
    tree_method="hist", n_estimators=150, learning_rate=0.1, max_bin=128, subsample=0.8, colsample_bytree=0.8,
    reg_lambda=1.0, min_child_weight=1.0, n_jobs=2, random_state=seed, objective="multi:softprob", **growth,
)
started = time.perf_counter()
model.fit(X_train, y_train)
fit_seconds = time.perf_counter() - started
model.predict_proba(X_test[:1])
started = time.perf_counter()
proba = model.predict_proba(X_test)
predict_seconds = time.perf_counter() - started
pred = proba.argmax(axis=1)
print(json.dumps({
    "accuracy": accuracy_score(y_test, pred),
    "macroF1": f1_score(y_test, pred, average="macro", labels=np.unique(np.concatenate([y_test, pred])), zero_division=0),
    "top5": top_k_accuracy_score(y_test, proba, k=5, labels=np.arange(len(meta["classes"]))),
    "fitSeconds": fit_seconds,
    "predictSeconds": predict_seconds,
    "modelBytes": len(model.get_booster().save_raw(raw_format="ubj")),
    "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
