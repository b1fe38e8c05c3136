import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	audioOutputOptions,
	inputBinaryField,
	inputFormatOption,
	readAudioOptions,
} from '../../helpers/audioOptions';
import { convertRecording } from '../../helpers/audioOutput';

const properties: INodeProperties[] = [
	inputBinaryField,
	audioOutputOptions('isolated', [inputFormatOption]),
];

const displayOptions = { show: { resource: ['speech'], operation: ['isolateVoice'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * POST /v1/audio-isolation: the voice of a recording (streamed) without background noise. The
 * endpoint takes no output format; it answers MP3 (OpenAPI: audio/mpeg), and the response's
 * Content-Type decides the file type.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const common = readAudioOptions(this, itemIndex, 'isolated');
	const request = { path: '/v1/audio-isolation', operation: 'audio isolation', fields: [] };
	return [await convertRecording(this, itemIndex, common, request, { json: {} })];
}
