/**
 * Character alignment (from /with-timestamps) → word timings → SRT and WebVTT subtitles.
 * Chunks of a long text are merged first, each chunk's times shifted by the audio before it.
 */

export interface CharacterAlignment {
	characters: string[];
	character_start_times_seconds: number[];
	character_end_times_seconds: number[];
}

export interface WordTiming {
	text: string;
	start: number;
	end: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Appends a chunk's alignment, shifted by `offsetSeconds`, separating chunks with a space. */
export function appendAlignment(
	target: CharacterAlignment,
	chunk: CharacterAlignment | null | undefined,
	offsetSeconds: number,
): void {
	if (!chunk || !Array.isArray(chunk.characters)) return;
	if (target.characters.length && !/\s$/.test(target.characters[target.characters.length - 1])) {
		const at =
			target.character_end_times_seconds[target.character_end_times_seconds.length - 1] ??
			offsetSeconds;
		target.characters.push(' ');
		target.character_start_times_seconds.push(at);
		target.character_end_times_seconds.push(Math.max(at, round3(offsetSeconds)));
	}
	chunk.characters.forEach((c, k) => {
		target.characters.push(c);
		target.character_start_times_seconds.push(
			round3((chunk.character_start_times_seconds[k] ?? 0) + offsetSeconds),
		);
		target.character_end_times_seconds.push(
			round3((chunk.character_end_times_seconds[k] ?? 0) + offsetSeconds),
		);
	});
}

/** The chunks' alignments as one, each shifted by the audio of the chunks before it. */
export function mergeAlignments(
	chunks: Array<{ seconds: number; alignment?: CharacterAlignment | null }>,
): CharacterAlignment {
	const merged: CharacterAlignment = {
		characters: [],
		character_start_times_seconds: [],
		character_end_times_seconds: [],
	};
	let offset = 0;
	for (const chunk of chunks) {
		appendAlignment(merged, chunk.alignment, offset);
		offset += chunk.seconds;
	}
	return merged;
}

export function wordsFromAlignment(alignment: CharacterAlignment): WordTiming[] {
	const words: WordTiming[] = [];
	let current: WordTiming | undefined;
	alignment.characters.forEach((c, k) => {
		const start = alignment.character_start_times_seconds[k] ?? 0;
		const end = alignment.character_end_times_seconds[k] ?? start;
		if (/^\s+$/.test(c)) {
			if (current) words.push(current);
			current = undefined;
			return;
		}
		if (!current) current = { text: c, start, end };
		else {
			current.text += c;
			current.end = Math.max(current.end, end);
		}
	});
	if (current) words.push(current);
	// Keep cues strictly ordered and non-overlapping.
	let last = 0;
	for (const w of words) {
		w.start = round3(Math.max(w.start, last));
		w.end = round3(Math.max(w.end, w.start + 0.001));
		last = w.end;
	}
	return words;
}

function timestamp(seconds: number, separator: ',' | '.'): string {
	const ms = Math.max(0, Math.round(seconds * 1000));
	const h = Math.floor(ms / 3_600_000);
	const m = Math.floor((ms % 3_600_000) / 60_000);
	const s = Math.floor((ms % 60_000) / 1000);
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

export function toSrt(words: WordTiming[]): string {
	return words
		.map((w, k) => `${k + 1}\n${timestamp(w.start, ',')} --> ${timestamp(w.end, ',')}\n${w.text}\n`)
		.join('\n');
}

export function toVtt(words: WordTiming[]): string {
	const cues = words.map(
		(w) => `${timestamp(w.start, '.')} --> ${timestamp(w.end, '.')}\n${w.text}\n`,
	);
	return ['WEBVTT\n', ...cues].join('\n');
}
