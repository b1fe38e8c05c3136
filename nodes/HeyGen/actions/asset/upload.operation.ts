import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import {
	includeInputFields,
	includeInputFieldsOption,
	withInputFields,
} from '../../../shared/inputFields';
import { textValue } from '../../../shared/params';
import { idempotencyKeyOption } from '../../descriptions';
import type { UploadOptions } from '../../helpers/assets';
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
			includeInputFieldsOption,
			{
				displayName: 'Max Processing Wait (Seconds)',
				name: 'maxProcessingWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 600,
				description:
					'Files over 32 MB may still be processed by HeyGen after the upload; the node waits until the asset is ready, at most this long',
			},
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
 * the direct-upload flow above that (or when POST /v3/assets answers 413). The output item is the
 * asset, with the input item's fields and files underneath when Include Input Fields is on.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex) as string;
	const waitSeconds = Number(
		this.getNodeParameter('options.maxProcessingWaitSeconds', itemIndex, 600),
	);
	const options: UploadOptions = {
		fileName:
			textValue(
				this,
				this.getNodeParameter('options.fileName', itemIndex, ''),
				'File Name',
				itemIndex,
			).trim() || undefined,
		maxProcessingWaitMs:
			Number.isFinite(waitSeconds) && waitSeconds >= 0 ? waitSeconds * 1000 : undefined,
	};
	const asset =
		source === 'url'
			? await uploadFromUrl(this, itemIndex, this.getNodeParameter('url', itemIndex), options)
			: await uploadBinary(
					this,
					itemIndex,
					this.getNodeParameter('binaryPropertyName', itemIndex),
					options,
				);
	const input = this.getInputData()[itemIndex];
	return [withInputFields(input, { json: asset }, includeInputFields(this, itemIndex))];
}
