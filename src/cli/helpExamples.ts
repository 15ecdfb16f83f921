/** One example per command, shown at the end of its `--help` (the README's tour uses the same lines). */
import type { Command } from 'commander';

export const HELP_EXAMPLES: Readonly<Record<string, string>> = {
  'spotify-intel': 'npx spotify-intel recommend --like "sad slow piano"',
  explore: 'npx spotify-intel explore --data data/dataset.csv',
  recommend: 'npx spotify-intel recommend --seed "Billie Eilish - bad guy" --limit 5',
  'recommend evaluate': 'npx spotify-intel recommend evaluate --json',
  emerging: 'npx spotify-intel emerging --artists --list rising',
  'emerging backtest': 'npx spotify-intel emerging backtest --resamples 200',
  drivers: 'npx spotify-intel drivers --genre pop',
  classify: 'npx spotify-intel classify evaluate --split song',
  'classify evaluate': 'npx spotify-intel classify evaluate --model gbdt --split song',
  'classify train': 'npx spotify-intel classify train            # writes out/genres.model',
  'classify predict': 'npx spotify-intel classify predict --input examples/tracks.csv --explain',
  'classify families': 'npx spotify-intel classify families',
  report: 'npx spotify-intel report                    # writes out/report/report.html and report.json',
  map: 'npx spotify-intel map',
  serve: 'npx spotify-intel serve --port 8080          # then open http://127.0.0.1:8080/',
};

/** The command's path below the program, e.g. "classify predict" (the program itself is "spotify-intel"). */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.length ? names.join(' ') : command.name();
}

/** Adds "Example:" to the help of the program and of every command listed in HELP_EXAMPLES. */
export function addHelpExamples(command: Command): void {
  const example = HELP_EXAMPLES[commandPath(command)];
  if (example) command.addHelpText('after', `\nExample:\n  ${example}\n`);
  for (const sub of command.commands) addHelpExamples(sub);
}
