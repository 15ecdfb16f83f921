/** Random damage to a CSV text, for the fuzz tests: cut, insert nasty bytes, duplicate lines and header cells, bad numbers, CR-only lines, semicolons. */
export type Mutation = (text: string, random: () => number) => string;
export const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;
const NASTY = [
  '"',
  ',',
  '\n',
  '\r',
  ';',
  '\t',
  '\u0000',
  '\u001b[2J',
  '=cmd()',
  '1e400',
  '0x10',
  '230_666',
  '-',
  'NaN',
  'é',
  '夜',
  '\uFEFF',
];
export const MUTATIONS: readonly Mutation[] = [
  (t, r) => {
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + t.slice(i + 1 + Math.floor(r() * 5));
  },
  (t, r) => {
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + pick(NASTY, r) + t.slice(i);
  },
  (t, r) => t.slice(0, Math.floor(r() * t.length)),
  (t, r) => {
    const lines = t.split('\n');
    const i = 1 + Math.floor(r() * (lines.length - 1));
    lines.splice(i, 0, lines[i] ?? '', '');
    return lines.join('\n');
  },
  (t, r) => {
    const lines = t.split('\n');
    const cells = (lines[0] as string).split(',');
    const j = Math.floor(r() * cells.length);
    cells.splice(j, 0, cells[Math.floor(r() * cells.length)] as string);
    lines[0] = cells.join(',');
    return lines.join('\n');
  },
  (t, r) => t.replace(/\d+(\.\d+)?/g, (m) => (r() < 0.05 ? pick(['1e308', '-1', '', 'x', '1_0', '999999'], r) : m)),
  (t) => t.replaceAll('\n', '\r'),
  (t) => `\uFEFF${t.replaceAll(',', ';')}`,
];
