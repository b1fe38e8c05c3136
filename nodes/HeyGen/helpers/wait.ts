import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DownloadSettings } from './video';

/** The "Wait for Completion" settings of one item. */
export interface WaitSettings extends DownloadSettings {
	initialIntervalMs: number;
	/** Poll interval while the video is younger than 2 minutes, 2–5 minutes, and after 5 minutes. */
	intervalEarlyMs: number;
	intervalMidMs: number;
	intervalLateMs: number;
	maxWaitMs: number;
	onTimeout: 'error' | 'output';
}

/**
 * The Poll Cadence choices, in seconds: the first check after the video's creation, then the
 * interval while the video is younger than 2 minutes, 2–5 minutes, and older. Standard is HeyGen's
 * documented cadence (10 s / 30 s / 60 s).
 */
export const CADENCES: Record<string, [number, number, number, number]> = {
	standard: [10, 10, 30, 60],
	fast: [5, 5, 15, 30],
	relaxed: [30, 30, 60, 120],
};

const WAIT_NUMBERS: Record<string, string> = {
	initialIntervalSeconds: 'Poll Interval 1: First Check',
	intervalEarlySeconds: 'Poll Interval 2: Up to 2 Min',
	intervalMidSeconds: 'Poll Interval 3: 2 to 5 Min',
	intervalLateSeconds: 'Poll Interval 4: After 5 Min',
	maxWaitMinutes: 'Max Wait',
};

/** Reads the wait settings: `download`, `binaryPropertyName` and the `waitOptions` collection. */
export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	const o = ctx.getNodeParameter('waitOptions', itemIndex, {}) as IDataObject;
	if (o.pollCadence !== undefined && !CADENCES[String(o.pollCadence)]) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Poll Cadence must be one of ${Object.keys(CADENCES).join(', ')}, got ${JSON.stringify(o.pollCadence)}`,
			{ itemIndex },
		);
	}
	for (const [name, label] of Object.entries(WAIT_NUMBERS)) {
		const value = o[name];
		if (value === undefined) continue;
		if (
			typeof value !== 'number' ||
			!Number.isFinite(value) ||
			value < 0 ||
			(name !== 'maxWaitMinutes' && value === 0)
		) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} must be a ${name === 'maxWaitMinutes' ? 'non-negative' : 'positive'} number, got ${JSON.stringify(value) ?? String(value)}`,
				{
					itemIndex,
					description: 'Set it under Wait Options, or remove the option to use the default.',
				},
			);
		}
	}
	return waitSettingsFrom((name, fallback) => ctx.getNodeParameter(name, itemIndex, fallback));
}

/** The same settings read through any parameter getter (a webhook call has no item index). */
export function waitSettingsFrom(
	param: (name: string, fallback: unknown) => unknown,
): WaitSettings {
	const o = param('waitOptions', {}) as IDataObject;
	const seconds = (v: unknown, d: number) =>
		Math.max(0, typeof v === 'number' && Number.isFinite(v) ? v : d) * 1000;
	const download = param('download', true) !== false;
	// each interval set under Wait Options overrides the cadence's
	const [initial, early, mid, late] = CADENCES[String(o.pollCadence)] ?? CADENCES.standard;
	return {
		initialIntervalMs: Math.max(1, seconds(o.initialIntervalSeconds, initial)),
		intervalEarlyMs: Math.max(1, seconds(o.intervalEarlySeconds, early)),
		intervalMidMs: Math.max(1, seconds(o.intervalMidSeconds, mid)),
		intervalLateMs: Math.max(1, seconds(o.intervalLateSeconds, late)),
		maxWaitMs: seconds(o.maxWaitMinutes, 30) * 60,
		onTimeout: o.onTimeout === 'output' ? 'output' : 'error',
		downloadVideo: download,
		downloadCaptioned: download && o.downloadCaptioned === true,
		videoProperty: download ? String(param('binaryPropertyName', 'data') || 'data') : 'data',
		downloadSubtitles: download && o.downloadSubtitles === true,
		subtitlesProperty: String(o.subtitlesPropertyName || 'subtitles'),
		subtitleFormat: o.subtitleFormat === 'vtt' ? 'vtt' : 'srt',
	};
}

/**
 * The creation time (ms) an input item states for job `id` (named by `idField`): `created_at` in
 * seconds, as HeyGen's job objects and this node's create outputs have it. Undefined when absent
 * or implausible.
 */
export function createdAtOf(
	json: IDataObject | undefined,
	id: string,
	now = Date.now(),
	idField = 'video_id',
): number | undefined {
	if (!json || json[idField] !== id || typeof json.created_at !== 'number') return undefined;
	const ms = json.created_at * 1000;
	return ms > now - 7 * 24 * 3_600_000 && ms <= now + 60_000 ? ms : undefined;
}
