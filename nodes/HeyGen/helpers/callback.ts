import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
	NodeApiError,
} from 'n8n-workflow';

import { FINISHED } from './statuses';
import { finishedVideoOutput, getVideo } from './video';
import { waitSettingsFrom } from './wait';

/**
 * Resumes a Video → Wait for Completion that waits in callback mode.
 *
 * n8n only routes a request here through the execution's resume URL (it checks the URL's token),
 * and this checks that the body is a HeyGen video event for one of the videos the node waits for.
 * It then reads each video's status once: while any is still rendering the execution stays
 * waiting (HeyGen calls once per video); when all are finished the node outputs exactly what
 * polling mode outputs (same fields, same optional downloads). A failed video becomes an item with
 * `error`, `failure_code` and `failure_message`, since a resume call cannot fail the execution.
 */
export async function resumeFromCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const body = this.getBodyData();
	const eventData = (body.event_data ?? {}) as IDataObject;
	const eventVideo = String(eventData.video_id ?? '');
	const count = Math.max(1, Number(this.evaluateExpression('{{ $input.all().length }}', 0)) || 1);
	const raw = this.getNode().parameters.videoId;
	const videoIds: string[] = [];
	for (let i = 0; i < count; i++) {
		// evaluateExpression adds the leading '=' of an expression parameter itself
		const value =
			typeof raw === 'string' && raw.startsWith('=')
				? this.evaluateExpression(raw.slice(1), i)
				: raw;
		videoIds.push(String(value ?? '').trim());
	}
	const res = this.getResponseObject();
	if (!eventVideo || !videoIds.includes(eventVideo)) {
		res.status(400).json({ error: 'Not a HeyGen video event for this execution' });
		return { noWebhookResponse: true };
	}

	const videos = await Promise.all(
		videoIds.map(async (id, i) => (id ? await getVideo(this, i, id) : undefined)),
	);
	const pending = videoIds.filter((id, i) => id && !FINISHED.has(String(videos[i]?.status)));
	if (pending.length) {
		return { webhookResponse: { received: true, still_rendering: pending } };
	}

	const settings = waitSettingsFrom((name, fallback) => this.getNodeParameter(name, fallback));
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		const video = videos[i];
		if (!video) {
			output.push({ json: { error: 'Video ID is empty' }, pairedItem: { item: i } });
			continue;
		}
		const timings: IDataObject = {
			render_seconds:
				typeof video.created_at === 'number' && typeof video.completed_at === 'number'
					? video.completed_at - video.created_at
					: null,
			polls: 0,
			mode: 'callback',
		};
		try {
			output.push({
				...(await finishedVideoOutput(this, i, video, settings, timings)),
				pairedItem: { item: i },
			});
		} catch (error) {
			const e = error as NodeApiError;
			output.push({
				json: {
					error: e.message,
					description: e.description ?? null,
					video_id: video.id,
					status: video.status,
					failure_code: video.failure_code ?? null,
					failure_message: video.failure_message ?? null,
				},
				pairedItem: { item: i },
			});
		}
	}
	return { workflowData: [output] };
}
