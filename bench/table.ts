/** Tiny helpers to print benchmark results as Markdown tables and collect them for bench/results. */
export type Row = Record<string, string | number>;

export interface BenchResult {
	title: string;
	/** What was measured and how, printed above the table. */
	notes: string[];
	rows: Row[];
}

export function fmt(n: number, digits = 2): string {
	if (!Number.isFinite(n)) return String(n);
	return n.toFixed(digits);
}

export function table(rows: Row[]): string {
	if (rows.length === 0) return '(no rows)';
	const cols = Object.keys(rows[0]);
	const head = `| ${cols.join(' | ')} |`;
	const sep = `| ${cols.map(() => '---').join(' | ')} |`;
	const body = rows.map((r) => `| ${cols.map((c) => String(r[c] ?? '')).join(' | ')} |`);
	return [head, sep, ...body].join('\n');
}

export function render(result: BenchResult): string {
	return [
		`### ${result.title}`,
		'',
		...result.notes.map((n) => `- ${n}`),
		'',
		table(result.rows),
		'',
	].join('\n');
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
