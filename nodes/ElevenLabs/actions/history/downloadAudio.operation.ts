import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { textValue } from '../../../shared/params';
import { getRetryOptions } from '../../../shared/transport';
import { binaryOutputOptions, readOutputBinaryField } from '../../helpers/binaryOutput';
import { getHistoryAudio } from '../../transport';
import { historyItemLocator, readHistoryItemId } from './common';

const properties: INodeProperties[] = [
	historyItemLocator('The generation whose audio to download'),
	binaryOutputOptions([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. welcome',
			description: 'Name of the audio file; default: the history item ID. The extension is added.',
		},
	]),
];

const displayOptions = { show: { resource: ['history'], operation: ['downloadAudio'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const EXTENSIONS: Record<string, string> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/ogg': 'ogg',
	'audio/opus': 'opus',
	'audio/pcm': 'pcm',
	'audio/basic': 'ulaw',
	'audio/alaw': 'alaw',
};

/**
 * GET /v1/history/{history_item_id}/audio, streamed into a binary (audio/mpeg per the OpenAPI; the
 * response's Content-Type wins when it names another audio type). Needs `speech_history_read`.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readHistoryItemId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const outputField = readOutputBinaryField(this, options, itemIndex);
	const audio = await getHistoryAudio.call(this, id, {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	const declared = (audio.contentType ?? '').split(';')[0].trim().toLowerCase();
	const mimeType = declared.startsWith('audio/') ? declared : 'audio/mpeg';
	const extension = EXTENSIONS[mimeType] ?? mimeType.slice('audio/'.length).replace(/^x-/, '');
	const base =
		textValue(this, options.fileName, 'File Name', itemIndex)
			.trim()
			.replace(new RegExp(`\\.${extension}$`, 'i'), '') || id;
	const fileName = `${base}.${extension}`;
	const binary = await this.helpers.prepareBinaryData(audio.stream, fileName, mimeType);
	binary.fileExtension = extension;
	binary.mimeType = mimeType;
	return [
		{
			json: { history_item_id: id, fileName, mimeType, byteSize: binary.bytes ?? null },
			binary: { [outputField]: binary },
		},
	];
}
