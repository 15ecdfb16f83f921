/**
 * A small synthetic catalogue for the report: 3 genres x 40 tracks with seeded values, plus 2 rows
 * repeating a track under a second genre, so every section (split, per-genre OLS with > 30 tracks,
 * the emerging window) has data. By construction: 122 rows, 120 tracks, 2 duplicate rows.
 */
import { writeFileSync } from 'node:fs';
import { seededRandom } from '../src/stats/random.js';

export const FIXTURE_GENRES = ['ambient', 'metal', 'pop'] as const;
export const FIXTURE_TRACKS_PER_GENRE = 40;

export function writeReportFixture(path: string): void {
  const random = seededRandom(7);
  const header =
    'track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
  const rows: string[] = [header];
  const round = (x: number, d = 3) => Number(x.toFixed(d));
  FIXTURE_GENRES.forEach((genre, g) => {
    for (let i = 0; i < FIXTURE_TRACKS_PER_GENRE; i++) {
      const energy = round(Math.min(1, Math.max(0, 0.2 + 0.35 * g + 0.2 * random())));
      const valence = round(random());
      const popularity = Math.min(100, Math.round(20 + 40 * valence + 20 * random()));
      rows.push(
        [
          `T${genre}${String(i).padStart(3, '0')}`,
          `Artist ${genre} ${i % 7}`,
          `Album ${i % 5}`,
          `Song ${genre} ${i}`,
          popularity,
          180000 + Math.round(60000 * random()),
          random() < 0.2 ? 'True' : 'False',
          round(0.3 + 0.2 * g * random() + 0.2 * random()),
          energy,
          Math.floor(random() * 12),
          round(-20 + 15 * energy + 2 * random(), 2),
          random() < 0.5 ? 1 : 0,
          round(0.02 + 0.1 * random()),
          round(0.02 + 0.6 * (1 - energy) * random()),
          round(g === 0 ? 0.5 + 0.4 * random() : 0.05 * random()),
          round(0.05 + 0.3 * random()),
          valence,
          round(70 + 30 * g + 40 * random(), 1),
          4,
          genre,
        ].join(','),
      );
    }
  });
  // Two tracks filed under a second genre: duplicate rows of the same track_id.
  for (const line of [rows[1], rows[45]]) rows.push((line as string).replace(/,[a-z]+$/, ',indie'));
  writeFileSync(path, `${rows.join('\n')}\n`);
}
