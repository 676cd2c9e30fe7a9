/** Figures with their runs: median and spread, ratios, goals. */

export interface Runs { median: number; min: number; max: number; runs: number[] }

export function runs(values: number[]): Runs {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, runs: values };
}

export interface Result {
  id: string;
  what: string;
  unit: string;
  figure: Runs | null;
  baselineWhat: string;
  baseline: Runs | null;
  /** figure / baseline (or as the goal reads it), computed from the medians. */
  ratio: number | null;
  goal: string;
  met: boolean | null;
  note?: string;
}

export function fmt(n: number | undefined | null, unit = ''): string {
  if (n === undefined || n === null || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  const s = abs >= 1000 ? Math.round(n).toLocaleString('en-US') : abs >= 100 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : n.toFixed(2);
  return unit ? `${s} ${unit}` : s;
}

export function fmtRuns(r: Runs | null, unit: string): string {
  if (!r) return '—';
  if (r.runs.length === 1) return fmt(r.median, unit);
  return `${fmt(r.median, unit)} (${fmt(r.min)}–${fmt(r.max)}, n=${r.runs.length})`;
}

export function table(results: Result[]): string {
  const head = ['id', 'what', 'figure (median, min–max)', 'baseline', 'ratio', 'goal', 'met?'];
  const rows = results.map((r) => [
    r.id, r.what, fmtRuns(r.figure, r.unit), r.baseline ? `${r.baselineWhat}: ${fmtRuns(r.baseline, r.unit)}` : r.baselineWhat,
    r.ratio === null ? '—' : r.ratio.toFixed(2), r.goal, r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
