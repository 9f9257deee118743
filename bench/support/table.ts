/** One line of a benchmark's table: a figure, what it is compared with, and the goal it is held to. */
export interface BenchRow {
  measure: string;
  value: string;
  /** The same-run figure `value` is compared with ('' when the row has none, e.g. a count). */
  baseline: string;
  /** value ÷ baseline, or the ratio the goal names. */
  ratio: string;
  goal: string;
  /** '' for rows that only inform. */
  verdict: 'PASS' | 'MISS' | '';
}

/** What one benchmark hands back: printed as a table, kept whole in `bench/results/latest.json`. */
export interface BenchReport {
  id: string;
  title: string;
  /** The conditions in one or two sentences: sizes, concurrency, what is real. */
  setup: string;
  rows: BenchRow[];
  /** Why a goal was missed and what bounds it; anything a reader needs to trust the figures. */
  notes: string[];
  /** The raw figures (milliseconds, bytes, counts). */
  data: Record<string, unknown>;
  seconds?: number;
}

const COLUMNS: { key: keyof BenchRow; title: string }[] = [
  { key: 'measure', title: 'measure' },
  { key: 'value', title: 'value' },
  { key: 'baseline', title: 'baseline' },
  { key: 'ratio', title: 'ratio' },
  { key: 'goal', title: 'goal' },
  { key: 'verdict', title: 'verdict' },
];

/** A Markdown table, padded so it also reads in a terminal. */
export function renderTable(rows: readonly BenchRow[]): string {
  const widths = COLUMNS.map(({ key, title }) => Math.max(title.length, ...rows.map((row) => row[key].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(COLUMNS.map((column) => column.title)),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(COLUMNS.map(({ key }) => row[key]))),
  ].join('\n');
}

/** Heading, setup line, table and notes: what the console and `latest.md` show for one benchmark. */
export function renderReport(report: BenchReport): string {
  const seconds = report.seconds === undefined ? '' : ` (${report.seconds.toFixed(1)} s)`;
  const parts = [`### ${report.title}${seconds}`, '', report.setup, '', renderTable(report.rows)];
  if (report.notes.length) parts.push('', ...report.notes.map((note) => `- ${note}`));
  return parts.join('\n');
}

export const verdict = (pass: boolean): 'PASS' | 'MISS' => (pass ? 'PASS' : 'MISS');

/** Milliseconds with precision that suits their size. */
export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export const ratio = (value: number, baseline: number): string => `${(value / baseline).toFixed(2)}×`;

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
