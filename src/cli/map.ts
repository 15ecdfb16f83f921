/** `spotify-intel map`: the 2-D map of the catalogue (UMAP) and how faithful it is beside PCA. */
import type { Command } from 'commander';
import { Engine } from '../engine/engine.js';
import { mapAnswer, mapRequestFrom } from '../map/answer.js';
import { addDataOptions, type DataOptions, loadFromOptions } from './dataOptions.js';
import { renderTable } from './table.js';

interface MapOptions extends DataOptions {
  json?: boolean;
  indexCache?: string;
  viewport?: string;
  feature?: string;
}

const log = (line: string) => process.stderr.write(`spotify-intel: ${line}\n`);

export function registerMapCommand(program: Command): void {
  addDataOptions(
    program
      .command('map')
      .description('a 2-D map of the tracks (UMAP of the 9 audio features), genre places and its faithfulness beside PCA'),
  )
    .option('--json', 'print the whole map as JSON (every track position, genre places, faithfulness)')
    .option('--viewport <x0,y0,x1,y1>', 'above 200,000 tracks: the part of the map whose points are printed')
    .option('--feature <name>', 'add this audio feature to each point')
    .option('--index-cache <dir>', 'where the map is cached (default: $SPOTIFY_INTEL_CACHE or ~/.cache/spotify-intel)')
    .action(async (options: MapOptions) => {
      const request = mapRequestFrom({ viewport: options.viewport, feature: options.feature });
      const engine = Engine.fromOpened(await loadFromOptions(options), { indexCache: options.indexCache, log });
      const answer = mapAnswer(await engine.map(), engine.catalog, request);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(answer)}\n`);
        return;
      }
      const f = (x: number) => x.toFixed(3);
      process.stdout.write(
        `${answer.size.toLocaleString('en-US')} tracks mapped by ${answer.method.toUpperCase()} (seed ${answer.params.seed}); ` +
          `trustworthiness on ${answer.trustQueries.toLocaleString('en-US')} tracks.\n\n` +
          renderTable(
            ['measure', 'UMAP', 'PCA'],
            [
              [`track trustworthiness (k = ${answer.k})`, f(answer.trustworthiness), f(answer.pcaTrustworthiness)],
              ['genre-centroid distance Spearman', f(answer.genreSpearman), f(answer.pcaGenreSpearman)],
            ],
          ) +
          `\nTightest genres (smallest spread, map units; the map spans ${f(answer.bounds.x1 - answer.bounds.x0)} x ${f(answer.bounds.y1 - answer.bounds.y0)}):\n` +
          renderTable(
            ['genre', 'x', 'y', 'spread', 'tracks'],
            [...answer.genres]
              .sort((a, b) => a.spread - b.spread)
              .slice(0, 10)
              .map((g) => [g.genre, f(g.x), f(g.y), f(g.spread), String(g.tracks)]),
          ) +
          '\nNear on the map = similar audio locally; far apart says little beyond "not neighbours". Use --json for every point.\n',
      );
    });
}
