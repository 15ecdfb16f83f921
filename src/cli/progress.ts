/**
 * The one progress display of every command, on stderr: a spinner for work of unknown length
 * (loading), a bar for counted work (training, evaluation) and a stage bar for a sequence of named
 * stages (the report). On a terminal each redraws one line in place; in pipes, CI logs or output
 * captured by another program the spinner and bar stay silent and stages print one line each.
 */
const FRAMES = ['|', '/', '-', '\\'];
const CLEAR_LINE = '\r\x1b[K';

/** `[####------]` for a fraction done. */
export function barText(fraction: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

const elapsed = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)}s`;

/** A spinner with the elapsed time for work that takes over a second (terminal only). */
export async function withProgress<T>(label: string, work: Promise<T>, stream: NodeJS.WriteStream = process.stderr): Promise<T> {
  if (!stream.isTTY) return work;
  const started = Date.now();
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    timer = setInterval(() => {
      stream.write(`${CLEAR_LINE}${FRAMES[frame++ % FRAMES.length]} ${label} ${elapsed(started)}`);
    }, 100);
  }, 1000);
  try {
    return await work;
  } finally {
    clearTimeout(delay);
    if (timer) {
      clearInterval(timer);
      stream.write(CLEAR_LINE);
    }
  }
}

/** A bar for counted work (trees trained, folds evaluated), redrawn at most every 100 ms (terminal only). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update: (label: string, done: number, total: number) => void;
  end: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(label, done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`${CLEAR_LINE}${barText(done / total, 30)} ${done}/${total} ${label}`);
    },
    end() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}

/**
 * Progress through named stages: on a terminal a bar redrawn in place with the stage's own count;
 * elsewhere one line per stage, `spotify-intel: <command> 2/9 <stage> (1.2s)`.
 */
export function stageProgress(command: string, stages: readonly string[], stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let current = '';
  const update = (stage: string, done?: number, total?: number) => {
    const index = stages.indexOf(stage);
    const detail = done !== undefined && total ? ` ${done}/${total}` : '';
    if (stream.isTTY) {
      stream.write(`${CLEAR_LINE}${barText(index / stages.length)} ${index + 1}/${stages.length} ${stage}${detail} (${elapsed(started)})`);
    } else if (stage !== current) {
      stream.write(`spotify-intel: ${command} ${index + 1}/${stages.length} ${stage} (${elapsed(started)})\n`);
    }
    current = stage;
  };
  const end = () => {
    if (stream.isTTY) stream.write(CLEAR_LINE);
  };
  return { update, end };
}
