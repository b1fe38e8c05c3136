import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { textValue } from '../../shared/params';
import type { MultipartFile } from '../../shared/multipart';
import { readBinaryFile, sniffAudio } from './inputFile';

function describeHead(head: Buffer): string {
	const text = head.toString('utf8').replace(/\s+/g, ' ').trim();
	if (/^[\x20-\x7e]{4,}/.test(text)) return `text ("${text.slice(0, 30)}…")`;
	return `unrecognised bytes (${head.subarray(0, 8).toString('hex')})`;
}

/** The binary field names to read: the comma-separated list, or every binary of the item. */
export function sampleFieldNames(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const source = ctx.getNodeParameter('samples', itemIndex, 'fields') as string;
	const item = ctx.getInputData()[itemIndex];
	if (source === 'all') {
		const names = Object.keys(item?.binary ?? {});
		if (names.length === 0) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex} has no binary data`, {
				itemIndex,
				description:
					'Voice cloning needs at least one audio file: read the recordings into this item first (e.g. with Read Files from Disk or HTTP Request, then Aggregate with "Include Binaries").',
			});
		}
		return names;
	}
	const raw = textValue(
		ctx,
		ctx.getNodeParameter('binaryPropertyNames', itemIndex, 'data'),
		'Input Binary Fields',
		itemIndex,
	);
	const names = [...new Set(raw.split(',').map((n) => n.trim()))].filter(Boolean);
	if (names.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Input Binary Fields is empty', {
			itemIndex,
			description: 'Enter the binary fields holding the recordings, separated by commas.',
		});
	}
	return names;
}

export interface VoiceSample {
	field: string;
	fileName: string;
	mimeType: string;
	bytes: number;
	part: MultipartFile;
}

/**
 * One multipart `files` part per binary field, checked to be audio from its first bytes (a
 * declared audio/video type is accepted for formats not recognised here). Files in n8n's binary
 * storage are streamed when the request is sent; nothing is read into memory beforehand.
 */
export async function readVoiceSamples(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<VoiceSample[]> {
	const samples: VoiceSample[] = [];
	for (const field of sampleFieldNames(ctx, itemIndex)) {
		const file = await readBinaryFile(ctx, itemIndex, field);
		const sniffed = sniffAudio(file.head);
		const declared = file.mimeType.toLowerCase();
		if (!sniffed && !/^(audio|video)\//.test(declared)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The file in ${file.label} is ${describeHead(file.head)}${declared ? ` (declared as ${declared})` : ''}, not audio`,
				{
					itemIndex,
					description:
						'Voice cloning takes recordings of speech: MP3, WAV, M4A, OGG, FLAC, WebM or AAC.',
				},
			);
		}
		const mimeType =
			declared && declared !== 'application/octet-stream' ? declared : sniffed!.mimeType;
		const fileName = file.fileName || `${field}.${sniffed?.extension ?? 'mp3'}`;
		samples.push({
			field,
			fileName,
			mimeType,
			bytes: file.size,
			part: {
				name: 'files',
				fileName,
				mimeType,
				size: file.size,
				data: file.data,
				open: file.open,
			},
		});
	}
	return samples;
}
