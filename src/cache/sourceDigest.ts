/**
 * The SHA-256 of a catalogue file, computed once per version of the file. Hashing 180 MB costs
 * about 0.3 s of CPU, most of a cached `explore`; so the digest is remembered beside the cache with
 * the file's identity and change times (device, inode, size, mtime and ctime in nanoseconds), as git's
 * index does. Any write to the file moves its ctime (even when the mtime is put back with `touch -d`
 * or `rsync -t`), so equal stat fields mean the same bytes. A digest recorded less than 2 s after
 * the file's last change is not reused ("racily clean" in git's terms: a write in the same clock
 * tick would not show), so a file edited right after it was read is always hashed again.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from './columnFile.js';

interface DigestMemo {
  path: string;
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  /** When hashing started, in ms since the epoch. */
  hashedAt: number;
  sha256: string;
}

/** The margin that covers coarse file-system clocks (FAT keeps 2 s). */
const RACY_MS = 2000;

/** SHA-256 of the file's bytes, streamed (no copy of the whole file in memory). */
export async function contentDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function identity(path: string) {
  const stat = statSync(path, { bigint: true });
  return {
    dev: String(stat.dev),
    ino: String(stat.ino),
    size: String(stat.size),
    mtimeNs: String(stat.mtimeNs),
    ctimeNs: String(stat.ctimeNs),
    ctimeMs: Number(stat.ctimeNs / 1_000_000n),
  };
}

/** The file's content digest: remembered under `cacheDir` when the file has not changed since, else hashed now. */
export async function sourceDigest(path: string, cacheDir: string): Promise<{ sha256: string; reused: boolean }> {
  const real = realpathSync(path);
  const memoPath = join(cacheDir, 'sources', `${createHash('sha256').update(real).digest('hex').slice(0, 32)}.json`);
  const before = identity(real);
  try {
    const memo = JSON.parse(readFileSync(memoPath, 'utf8')) as DigestMemo;
    const same =
      memo.path === real &&
      memo.dev === before.dev &&
      memo.ino === before.ino &&
      memo.size === before.size &&
      memo.mtimeNs === before.mtimeNs &&
      memo.ctimeNs === before.ctimeNs &&
      before.ctimeMs < memo.hashedAt - RACY_MS &&
      /^[0-9a-f]{64}$/.test(memo.sha256);
    if (same) return { sha256: memo.sha256, reused: true };
  } catch {
    // no memo, or an unreadable one: hash
  }
  const hashedAt = Date.now();
  const sha256 = await contentDigest(real);
  const after = identity(real);
  if (after.ctimeNs === before.ctimeNs && after.size === before.size) {
    const { ctimeMs: _, ...fields } = before;
    const memo: DigestMemo = { path: real, ...fields, hashedAt, sha256 };
    try {
      mkdirSync(join(cacheDir, 'sources'), { recursive: true });
      writeAtomically(memoPath, JSON.stringify(memo));
    } catch {
      // a read-only cache only costs the next run a hash
    }
  }
  return { sha256, reused: false };
}
