import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { textValue } from '../../../shared/params';
import { idempotencyKeyOption } from '../../descriptions';
import { uploadBinary, uploadFromUrl } from '../../helpers/assets';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Data',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A file from a previous node (e.g. ElevenLabs audio, Read File, HTTP Request)',
			},
			{
				name: 'URL',
				value: 'url',
				description: 'A file n8n can download; n8n fetches it and uploads the bytes',
			},
		],
		default: 'binary',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		displayOptions: { show: { source: ['binary'] } },
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file',
	},
	{
		displayName: 'File URL',
		name: 'url',
		type: 'string',
		displayOptions: { show: { source: ['url'] } },
		default: '',
		required: true,
		placeholder: 'https://example.com/voiceover.mp3',
		description: 'Direct link to the file. The HeyGen API key is not sent to this host.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description:
					"Name to store the file under (the extension is corrected to the real file type). Default: the binary's or URL's file name.",
			},
			idempotencyKeyOption,
			retryOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['upload'] } },
	properties,
);

/**
 * Uploads an image, video, audio or PDF file to HeyGen: POST /v3/assets (multipart) up to 32 MB,
 * the direct-upload flow above that.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex) as string;
	const fileName =
		textValue(
			this,
			this.getNodeParameter('options.fileName', itemIndex, ''),
			'File Name',
			itemIndex,
		).trim() || undefined;
	const asset =
		source === 'url'
			? await uploadFromUrl(this, itemIndex, this.getNodeParameter('url', itemIndex), { fileName })
			: await uploadBinary(
					this,
					itemIndex,
					this.getNodeParameter('binaryPropertyName', itemIndex),
					{ fileName },
				);
	return [{ json: asset }];
}
