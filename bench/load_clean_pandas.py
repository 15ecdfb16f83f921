"""The reference notebook's load + cleaning in pandas, timed; prints {seconds, peakRssMB, rows, tracks} as JSON."""
import json, resource, sys, time
import pandas as pd

path = sys.argv[1]
start = time.perf_counter()
df = pd.read_csv(path)
df = df.drop(columns=[c for c in df.columns if c.startswith("Unnamed") or c == ""])
rows = len(df)
df = df.dropna()
tracks = df.drop_duplicates(subset="track_id", keep="first").copy()
tracks["main_artist"] = tracks["artists"].str.split(";").str[0]
artists = tracks.assign(artist=tracks["artists"].str.split(";")).explode("artist")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": rows, "tracks": len(tracks)}))
