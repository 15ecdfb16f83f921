/**
 * The engine's fitted artifacts saved beside the cached catalogue (same key, so they can only be
 * reused for the catalogue they were fitted on): the genre model and its held-out evaluation. The
 * first process fits and saves; every later one (a server's workers, the next command) loads. A file
 * that does not check out is refitted and replaced, never used.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Evaluation } from '../classify/evaluate.js';
import type { GenreModel } from '../classify/model.js';
import { loadModel, saveModel } from '../classify/modelFile.js';
import { artifactFile, type CacheEntry } from './catalogCache.js';
import { writeAtomically } from './columnFile.js';

/** Where artifacts go and how their fate is reported. */
export interface ArtifactStore {
  entry: CacheEntry;
  log: (line: string) => void;
}

const EVALUATION_FORMAT = 1;

/** `name` identifies the settings (model kind, features, seed): other settings, other file. */
export async function cachedGenreModel(store: ArtifactStore, name: string, fit: () => Promise<GenreModel>): Promise<GenreModel> {
  const path = artifactFile(store.entry, `genre-${name}.model`);
  if (existsSync(path)) {
    try {
      const { model } = loadModel(path);
      store.log(`genre model loaded from ${path} (fitted once, shared)`);
      return model;
    } catch (error) {
      store.log(`the saved genre model is damaged (${(error as Error).message}); training it again`);
    }
  }
  const started = performance.now();
  const model = await fit();
  saveModel(path, model, { artifact: name });
  store.log(`genre model trained in ${((performance.now() - started) / 1000).toFixed(1)} s and saved to ${path}`);
  return model;
}

interface EvaluationFile {
  format: number;
  sha256: string;
  evaluation: string;
}

export async function cachedEvaluation(store: ArtifactStore, name: string, run: () => Promise<Evaluation>): Promise<Evaluation> {
  const path = artifactFile(store.entry, `evaluation-${name}.json`);
  if (existsSync(path)) {
    try {
      const file = JSON.parse(readFileSync(path, 'utf8')) as EvaluationFile;
      if (file.format !== EVALUATION_FORMAT) throw new Error(`format ${file.format}`);
      if (createHash('sha256').update(file.evaluation).digest('hex') !== file.sha256) throw new Error('checksum mismatch');
      const evaluation = JSON.parse(file.evaluation) as Evaluation;
      store.log(`genre evaluation loaded from ${path} (fitted once, shared)`);
      return evaluation;
    } catch (error) {
      store.log(`the saved genre evaluation is damaged (${(error as Error).message}); evaluating again`);
    }
  }
  const evaluation = await run();
  const text = JSON.stringify(evaluation);
  const file: EvaluationFile = { format: EVALUATION_FORMAT, sha256: createHash('sha256').update(text).digest('hex'), evaluation: text };
  writeAtomically(path, JSON.stringify(file));
  store.log(`genre evaluation computed and saved to ${path}`);
  return evaluation;
}
