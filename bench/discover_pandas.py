"""The notebook's drivers loop (LinearRegression per genre with > 30 tracks) and emerging ranking in
pandas / scikit-learn, timed after loading (not timed), after 3 untimed runs. Prints medians of RUNS runs and outputs as JSON."""
import json, statistics, sys, time
import pandas as pd
from sklearn.linear_model import LinearRegression

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
WARMUP = 3  # untimed runs first, as on the TypeScript side
FEATURES = ["danceability", "energy", "loudness", "speechiness", "acousticness", "instrumentalness", "liveness", "valence", "tempo"]
df = pd.read_csv(path)
df = df.drop(columns=[c for c in df.columns if c.startswith("Unnamed") or c == ""]).dropna()
df_clean = df.drop_duplicates(subset="track_id", keep="first").copy()
df_clean["main_artist"] = df_clean["artists"].str.split(";").str[0]


def drivers():
    out = {}
    for genre in df_clean["track_genre"].unique():
        subset = df_clean[df_clean["track_genre"] == genre]
        if len(subset) > 30:
            model = LinearRegression().fit(subset[FEATURES], subset["popularity"])
            out[genre] = model.coef_
    return out


def ranking():
    pool = df_clean[(df_clean["popularity"] >= 40) & (df_clean["popularity"] <= 70)].copy()
    pool["emerging_score"] = pool["danceability"] + pool["energy"] + pool["valence"] + pool["tempo"] / 200 - pool["loudness"] / 60
    top = pool.sort_values("emerging_score", ascending=False).head(10)
    artists = pool.groupby("main_artist")["emerging_score"].mean().sort_values(ascending=False).head(10)
    return len(pool), top, artists


def timed(work):
    times, value = [], None
    for _ in range(WARMUP):
        work()
    for _ in range(runs):
        start = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


regression_seconds, coefficients = timed(drivers)
emerging_seconds, (pool_size, top, artists) = timed(ranking)
print(json.dumps({
    "tracks": len(df_clean),
    "regressions": len(coefficients),
    "regressionSeconds": regression_seconds,
    "emergingSeconds": emerging_seconds,
    "poolSize": int(pool_size),
    "topTracks": list(top["track_id"]),
    "topScores": [float(v) for v in top["emerging_score"]],
    "topArtistScores": [float(v) for v in artists],
    "popCoefficients": [float(c) for c in coefficients["pop"]],
}))
