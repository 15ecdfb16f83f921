"""The Python side of bench/classify.ts and bench/classifyXgboost.ts: fit + predict on the split the Node
bench wrote, one JSON line. Usage: python3 bench/classify_sklearn.py rf|hgb|xgb-depthwise|xgb-lossguide DIR SEED
Threads: $BENCH_THREADS (default 2). XGBoost settings are the XGBoost bench's pinned ones (as ours): hist,
150 rounds, no early stopping, 128 bins, learning rate 0.1, subsample and column sample 0.8 per tree, L2 1,
min child hessian 1; depth-wise trees of depth 6, or loss-guided trees of 31 leaves with no depth limit."""
import json, os, pickle, resource, sys, time
import numpy as np
from sklearn.metrics import accuracy_score, f1_score, top_k_accuracy_score

kind, d, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
threads = int(os.environ.get("BENCH_THREADS", "2"))
meta = json.load(open(f"{d}/meta.json"))
p = len(meta["features"])
X_train = np.fromfile(f"{d}/X_train.f64", dtype=np.float64).reshape(-1, p)
X_test = np.fromfile(f"{d}/X_test.f64", dtype=np.float64).reshape(-1, p)
y_train = np.fromfile(f"{d}/y_train.i32", dtype=np.int32)
y_test = np.fromfile(f"{d}/y_test.i32", dtype=np.int32)
if kind == "rf":
    from sklearn.ensemble import RandomForestClassifier
    # The notebook's model, on the 2 cores.
    model = RandomForestClassifier(n_estimators=100, class_weight="balanced", random_state=seed, n_jobs=threads)
elif kind == "hgb":
    from sklearn.ensemble import HistGradientBoostingClassifier
    # The anchor: 150 iterations, learning rate 0.05, no early stopping.
    model = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, early_stopping=False, random_state=seed)
else:
    import xgboost as xgb
    growth = {"grow_policy": "depthwise", "max_depth": 6} if kind == "xgb-depthwise" else {"grow_policy": "lossguide", "max_leaves": 31, "max_depth": 0}
    model = xgb.XGBClassifier(
        tree_method="hist", n_estimators=150, learning_rate=0.1, max_bin=128, subsample=0.8, colsample_bytree=0.8,
        reg_lambda=1.0, min_child_weight=1.0, n_jobs=threads, random_state=seed, objective="multi:softprob", **growth,
    )
started, cpu_started = time.perf_counter(), time.process_time()
model.fit(X_train, y_train)
fit_seconds, fit_cpu = time.perf_counter() - started, time.process_time() - cpu_started
model.predict_proba(X_test[:1])
started, cpu_started = time.perf_counter(), time.process_time()
proba = model.predict_proba(X_test)
predict_seconds, predict_cpu = time.perf_counter() - started, time.process_time() - cpu_started
labels = np.arange(len(meta["classes"]))
pred = model.classes_[proba.argmax(axis=1)]
size = len(model.get_booster().save_raw(raw_format="ubj")) if kind.startswith("xgb") else len(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
print(json.dumps({
    "accuracy": accuracy_score(y_test, pred),
    "macroF1": f1_score(y_test, pred, average="macro", labels=np.unique(np.concatenate([y_test, pred])), zero_division=0),
    "top5": top_k_accuracy_score(y_test, proba, k=5, labels=model.classes_),
    "fitSeconds": fit_seconds,
    "predictSeconds": predict_seconds,
    "fitCpuSeconds": fit_cpu,
    "predictCpuSeconds": predict_cpu,
    "modelBytes": size,
    "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
