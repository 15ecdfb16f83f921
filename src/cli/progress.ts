/**
 * A spinner on stderr for work that takes over a second, shown on a terminal only (never in pipes,
 * CI logs or --json output captured by another program).
 */
const FRAMES = ['|', '/', '-', '\\'];

export async function withProgress<T>(label: string, work: Promise<T>, stream: NodeJS.WriteStream = process.stderr): Promise<T> {
  if (!stream.isTTY) return work;
  const started = Date.now();
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    timer = setInterval(() => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds}s`);
    }, 100);
  }, 1000);
  try {
    return await work;
  } finally {
    clearTimeout(delay);
    if (timer) {
      clearInterval(timer);
      stream.write('\r\x1b[K');
    }
  }
}
