import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { MultipartField } from '../../../shared/multipart';
import { multipartForm } from '../../../shared/multipart';
import {
	audioOutputOptions,
	inputBinaryField,
	inputFormatOption,
	readAudioOptions,
} from '../../helpers/audioOptions';
import { audioItem } from '../../helpers/audioOutput';
import { readInputFile } from '../../helpers/inputFile';
import { convertAudio } from '../../transport';

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
	const fields: MultipartField[] = common.rawPcm ? [['file_format', 'pcm_s16le_16']] : [];
	const file = await readInputFile(
		this,
		itemIndex,
		this.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
		{ rawPcm: common.rawPcm },
	);
	const result = await convertAudio.call(this, {
		path: '/v1/audio-isolation',
		form: multipartForm(fields, [file.part('audio')]),
		operation: 'audio isolation',
		itemIndex,
		retry: common.retry,
	});
	return [
		await audioItem(this, itemIndex, result, common, {
			json: { sourceFileName: file.fileName, sourceBytes: file.size },
		}),
	];
}
