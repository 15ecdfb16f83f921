"""scikit-learn's side of bench/classify.ts: fit + predict on the split the Node bench wrote, one JSON line.
Usage: python3 bench/classify_sklearn.py rf|hgb DIR SEED"""
import json, pickle, resource, sys, time
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score, top_k_accuracy_score

kind, d, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
meta = json.load(open(f"{d}/meta.json"))
p = len(meta["features"])
X_train = np.fromfile(f"{d}/X_train.f64", dtype=np.float64).reshape(-1, p)
X_test = np.fromfile(f"{d}/X_test.f64", dtype=np.float64).reshape(-1, p)
y_train = np.fromfile(f"{d}/y_train.i32", dtype=np.int32)
y_test = np.fromfile(f"{d}/y_test.i32", dtype=np.int32)
if kind == "rf":
    # The notebook's model, on the 2 cores.
    model = RandomForestClassifier(n_estimators=100, class_weight="balanced", random_state=seed, n_jobs=2)
else:
    # The anchor: 150 iterations, learning rate 0.05, no early stopping.
    model = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, early_stopping=False, random_state=seed)
started = time.perf_counter()
model.fit(X_train, y_train)
fit_seconds = time.perf_counter() - started
model.predict_proba(X_test[:1])
started = time.perf_counter()
proba = model.predict_proba(X_test)
predict_seconds = time.perf_counter() - started
labels = np.arange(len(meta["classes"]))
pred = model.classes_[proba.argmax(axis=1)]
print(json.dumps({
    "accuracy": accuracy_score(y_test, pred),
    "macroF1": f1_score(y_test, pred, average="macro", labels=np.unique(np.concatenate([y_test, pred])), zero_division=0),
    "top5": top_k_accuracy_score(y_test, proba, k=5, labels=model.classes_),
    "fitSeconds": fit_seconds,
    "predictSeconds": predict_seconds,
    "modelBytes": len(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)),
    "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
