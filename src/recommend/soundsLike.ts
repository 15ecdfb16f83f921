/** A genre classifier as the "sounds like these genres" signal of audio-only queries. */
import type { GenreModel } from '../classify/model.js';
import { predictProba } from '../classify/model.js';
import { AUDIO_FEATURES } from '../data/schema.js';

/**
 * Probabilities of a raw 9-feature profile (AUDIO_FEATURES order) over the catalogue's genres, from a
 * model trained on the 9 audio features; undefined for a model on other features (it cannot read a
 * profile). Genres the model does not know get 0.
 */
export function soundsLikeFromModel(
  model: GenreModel,
  genreNames: readonly string[],
): ((profile: Float64Array) => Float64Array) | undefined {
  if (model.featureNames.join() !== AUDIO_FEATURES.join()) return undefined;
  const codeOfClass = model.classNames.map((name) => genreNames.indexOf(name));
  return (profile) => {
    const proba = predictProba(model, { names: model.featureNames, rows: 1, values: Float64Array.from(profile) });
    const out = new Float64Array(genreNames.length);
    codeOfClass.forEach((code, c) => {
      if (code >= 0) out[code] = proba[c] as number;
    });
    return out;
  };
}
