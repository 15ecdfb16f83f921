/**
 * `serve --workers N`: the primary process opens the catalogue (writing the catalogue cache), fits
 * the genre model and its evaluation and builds the approximate indexes, all saved beside the cache;
 * then it forks the workers, which load those files. N workers, one fit and one build in total.
 */
import { hasColumn } from '../data/capabilities.js';
import { Engine } from '../engine/engine.js';
import { ANN_MIN_TRACKS } from '../recommend/ann.js';
import { METRICS } from '../recommend/search.js';
import { artifactsOf, type DataOptions, loadFromOptions, positiveInteger } from './dataOptions.js';

export interface SharedServeOptions extends DataOptions {
  indexCache?: string;
  modelFile?: string;
}

export async function prepareSharedArtifacts(options: SharedServeOptions, workers: number, log: (line: string) => void): Promise<void> {
  if (options.cache === false) {
    log(`--no-cache: each of the ${workers} workers loads the catalogue and fits its own models`);
    return;
  }
  const started = performance.now();
  const primaryLog = (line: string) => log(`primary: ${line}`);
  const opened = await loadFromOptions(options, false);
  primaryLog(opened.fromCache ? 'catalogue read from the cache' : 'catalogue loaded, cleaned and cached');
  const threads = positiveInteger('threads', options.threads);
  const engine = Engine.fromOpened(opened, {
    indexCache: options.indexCache,
    indexBuild: 'foreground',
    ...(threads ? { threads } : {}),
    artifacts: artifactsOf(opened, primaryLog),
    log: primaryLog,
  });
  if (engine.catalog.size >= ANN_MIN_TRACKS) for (const metric of METRICS) engine.indexFor(metric);
  if (hasColumn(engine.catalog, 'track_genre')) {
    if (!options.modelFile) await engine.genreModel();
    await engine.genreEvaluation();
  } else primaryLog('no genre column: genre classification is unavailable, nothing to fit');
  primaryLog(
    `shared artifacts ready in ${((performance.now() - started) / 1000).toFixed(1)} s; starting ${workers} workers that load them`,
  );
}
