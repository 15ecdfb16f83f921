import type { Exploration } from '../explore/explore.js';
import { heading, renderTable } from './table.js';

const SHORT: Record<string, string> = {
  danceability: 'dance',
  energy: 'energy',
  loudness: 'loud',
  speechiness: 'speech',
  acousticness: 'acoust',
  instrumentalness: 'instr',
  liveness: 'live',
  valence: 'valence',
  tempo: 'tempo',
  popularity: 'pop',
};

/** The exploration as readable terminal tables. */
export function formatExploration(e: Exploration): string {
  const out: string[] = [];
  out.push(heading(`Overview of ${e.source}`));
  out.push(
    renderTable(
      ['measure', 'value'],
      [
        ['layout', e.layout],
        ['columns the export lacks', e.absentColumns.length ? e.absentColumns.join(', ') : '(none)'],
        ['rows (valid)', e.rows],
        ['unique track_ids', e.uniqueTrackIds],
        ['duplicate rows', `${e.duplicateRows.toLocaleString('en-US')} (${((100 * e.duplicateRows) / e.rows).toFixed(2)}%)`],
        ['track_ids seen once', e.trackIdsSeenOnce],
        ['ids with conflicting popularity', `${e.conflictingPopularityTrackIds} (${e.conflictingPopularityRows} rows)`],
        ['ids with several genres', `${e.multiGenreTrackIds.toLocaleString('en-US')} (${e.multiGenreRows.toLocaleString('en-US')} rows)`],
        ['rows with missing names', e.missingNameRows],
        ['tracks after cleaning', e.tracks],
        ['(track, artist) rows', e.artistRows],
        ['distinct artists', e.distinctArtists],
        ['genres', e.genres.length],
        ['index column', e.indexColumn === null ? '(none)' : JSON.stringify(e.indexColumn)],
        ['extra columns (ignored)', e.extraColumns.length ? e.extraColumns.join(', ') : '(none)'],
      ],
    ),
  );
  out.push(heading('Columns'));
  out.push(
    renderTable(
      ['column', 'type', 'missing'],
      e.columns.map((c) => [c.name, c.type, c.missing]),
    ),
  );
  out.push(heading('Cleaning log'));
  out.push(
    renderTable(
      ['step', 'rows in', 'rows out', 'why'],
      e.cleaningLog.map((s) => [s.step, s.rowsIn, s.rowsOut, s.reason]),
    ),
  );
  if (e.invalidRowList.length > 0) {
    out.push(heading(`Rows skipped for invalid values (${e.invalidRowList.length})`));
    out.push(
      renderTable(
        ['line', 'column', 'value', 'problem'],
        e.invalidRowList.map((r) => [r.line, r.column, r.value ?? '(empty)', r.reason]),
      ),
    );
  }
  out.push(heading('Columns that differ across duplicate track_ids (ids affected)'));
  const differing = Object.entries(e.columnsDifferingAcrossDuplicates).filter(([, n]) => n > 0);
  out.push(differing.length ? renderTable(['column', 'track_ids'], differing) : '(none)');
  out.push(heading('describe() of the raw rows'));
  out.push(
    renderTable(
      ['column', 'count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'],
      Object.entries(e.describe).map(([c, s]) => [c, s.count, s.mean, s.std, s.min, s.p25, s.p50, s.p75, s.max]),
    ),
  );
  out.push(heading('Popularity distribution (cleaned tracks)'));
  const peak = Math.max(...e.popularityHistogram);
  out.push(
    renderTable(
      ['bin', 'tracks', ''],
      e.popularityHistogram.map((n, i) => [
        `[${e.popularityBinEdges[i]}, ${e.popularityBinEdges[i + 1]}${i === e.popularityHistogram.length - 1 ? ']' : ')'}`,
        n,
        '#'.repeat(Math.round((40 * n) / peak)),
      ]),
    ),
  );
  out.push(heading('Top 10 genres by mean popularity'));
  const byName = new Map(e.genres.map((g) => [g.genre, g]));
  out.push(
    renderTable(
      ['genre', 'tracks', 'mean popularity'],
      e.topGenresByPopularity.map((name) => {
        const g = byName.get(name);
        return [name, g?.tracks ?? 0, g?.meanPopularity ?? Number.NaN];
      }),
    ),
  );
  out.push(heading('Pearson correlation (cleaned tracks)'));
  out.push(
    renderTable(
      ['', ...e.correlation.columns.map((c) => SHORT[c] ?? c)],
      e.correlation.matrix.map((row, i) => [SHORT[e.correlation.columns[i] as string] ?? '', ...row.map((v) => v.toFixed(2).padStart(5))]),
    ),
  );
  return `${out.join('\n').trimStart()}\n`;
}
