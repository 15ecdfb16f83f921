"""scikit-learn's exact cosine top-5, one query at a time, over the matrix the Node bench wrote."""
import json, sys, time
import numpy as np
from sklearn.neighbors import NearestNeighbors

matrix_file, query_file, d = sys.argv[1], sys.argv[2], int(sys.argv[3])
X = np.fromfile(matrix_file, dtype=np.float64).reshape(-1, d)
Q = np.fromfile(query_file, dtype=np.float64).reshape(-1, d)
nn = NearestNeighbors(n_neighbors=5, metric="cosine", algorithm="brute").fit(X)
nn.kneighbors(Q[:2])  # warm up
latencies, ids, distances = [], [], []
started = time.perf_counter()
for q in Q:
    start = time.perf_counter()
    dist, idx = nn.kneighbors(q.reshape(1, -1))
    latencies.append((time.perf_counter() - start) * 1000)
    ids.append([int(i) for i in idx[0]])
    distances.append([float(v) for v in dist[0]])
seconds = time.perf_counter() - started
latencies.sort()
pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(json.dumps({"qps": len(Q) / seconds, "p50": pct(0.5), "p99": pct(0.99), "ids": ids, "distances": distances}))
