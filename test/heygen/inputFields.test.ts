/**
 * Options → Include Input Fields of the generate operations (#16.6): the input item's JSON fields
 * and binary files (a title, row fields, the SRT/VTT Text to Speech made) travel with the video,
 * also when the node waits and downloads; the node's own fields and files win a name clash. The
 * merge is nodes/shared/inputFields.ts, the semantics of ElevenLabs → Text to Speech.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { withInputFields } from '../../nodes/shared/inputFields';
import { readBinary, storeBinary } from '../harness';
import { fixture, renderedVideo } from '../sandbox/media';
import { err, FAST_RETRY, FAST_WAIT, generateParameters, out, runHeyGen } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

const SRT = '1\n00:00:00,000 --> 00:00:01,000\nHello\n';

/** A row as it leaves Text to Speech → Upload: fields, the speech (`data`) and its subtitles. */
async function row(title: string): Promise<INodeExecutionData> {
	return {
		json: { title, sheetRow: 7, status: 'from the sheet' },
		binary: {
			data: await storeBinary(fixture('mp3_44100_128.mp3'), {
				mimeType: 'audio/mpeg',
				fileName: 'speech.mp3',
			}),
			data_srt: await storeBinary(Buffer.from(SRT), {
				mimeType: 'application/x-subrip',
				fileName: 'speech.srt',
			}),
		},
	};
}

describe('withInputFields', () => {
	const input: INodeExecutionData = {
		json: { title: 'T', status: 'input' },
		binary: { data: { data: 'a', mimeType: 'audio/mpeg' }, data_srt: { data: 's', mimeType: 'x' } },
	};

	it("puts the input's fields and files under the output's, which win a clash", () => {
		const merged = withInputFields(input, {
			json: { status: 'waiting', video_id: 'v1' },
			binary: { data: { data: 'v', mimeType: 'video/mp4' } },
			pairedItem: { item: 2 },
		});
		expect(merged).toEqual({
			json: { title: 'T', status: 'waiting', video_id: 'v1' },
			binary: {
				data: { data: 'v', mimeType: 'video/mp4' },
				data_srt: { data: 's', mimeType: 'x' },
			},
			pairedItem: { item: 2 },
		});
	});

	it('leaves the output as it is when off, without an input, or with nothing to add', () => {
		const output = { json: { video_id: 'v1' } };
		expect(withInputFields(input, output, false)).toBe(output);
		expect(withInputFields(undefined, output)).toBe(output);
		expect(withInputFields({ json: {} }, output)).toEqual({ json: { video_id: 'v1' } });
		// an input with an empty binary adds no `binary` (Speech to Text outputs none without files)
		expect(withInputFields({ json: {}, binary: {} }, output)).toEqual({ json: { video_id: 'v1' } });
	});
});

describe('Video → Generate, Include Input Fields (default on)', () => {
	it("Don't Wait: the row's fields and files travel with the new video ID", async () => {
		const sandbox = box.get();
		const run = await runHeyGen(sandbox, generateParameters(sandbox, 'Hello'), [
			await row('Tip 1'),
		]);
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		expect(item.json).toMatchObject({
			title: 'Tip 1',
			sheetRow: 7,
			status: 'waiting',
			video_id: expect.any(String),
		});
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['data', 'data_srt']);
		expect((await readBinary(item.binary!.data_srt)).toString()).toBe(SRT);
	});

	it('Wait Here with download: the downloaded video replaces the speech in `data`, the subtitles stay', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			generateParameters(
				sandbox,
				'Hello again',
				{ title: '={{ $json.title }}' },
				{ aspectRatio: '16:9', waitForCompletion: 'poll', download: true, waitOptions: FAST_WAIT },
			),
			[await row('Tip 2')],
		);
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		expect(item.json).toMatchObject({ title: 'Tip 2', sheetRow: 7, status: 'completed' });
		expect(item.binary!.data.mimeType).toBe('video/mp4');
		expect((await readBinary(item.binary!.data)).equals(renderedVideo('16:9', 'mp4').body)).toBe(
			true,
		);
		expect((await readBinary(item.binary!.data_srt)).toString()).toBe(SRT);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('off: only what the node made', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			generateParameters(sandbox, 'Hello there', { includeInputFields: false }),
			[await row('Tip 3')],
		);
		const [item] = out(run);
		expect(item.json.title).toBeUndefined();
		expect(item.json.sheetRow).toBeUndefined();
		expect(item.binary).toBeUndefined();
	});

	it('Template → Generate Video keeps the row too', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			{
				resource: 'template',
				operation: 'generate',
				templateId: { __rl: true, mode: 'id', value: sandbox.heygen.templates[0].id },
				textVariables: { variable: [{ name: 'headline', content: '={{ $json.title }}' }] },
				options: FAST_RETRY,
			},
			[await row('Tip 4')],
		);
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		expect(item.json).toMatchObject({
			title: 'Tip 4',
			sheetRow: 7,
			template_id: expect.any(String),
		});
		expect(item.json.status).not.toBe('from the sheet');
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['data', 'data_srt']);
	});
});
