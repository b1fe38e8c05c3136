import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { textValue } from '../../../shared/params';
import { getRetryOptions } from '../../../shared/transport';
import { checkUrlsOption, idempotencyKeyOption } from '../../descriptions';
import { idempotencyKeyFor } from '../../helpers/common';
import type { MediaSpec } from '../../helpers/jobs';
import { mediaProperties, readMedia } from '../../helpers/jobs';
import { getPage } from '../../helpers/pagination';
import { heyGenData } from '../../transport';

const PHOTO: MediaSpec = {
	name: 'image',
	label: 'Image',
	kind: 'image',
	defaultSource: 'binary',
	urlPlaceholder: 'https://example.com/portrait.jpg',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Name of the new avatar',
	},
	...mediaProperties(PHOTO),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Avatar Group ID',
				name: 'avatarGroupId',
				type: 'string',
				default: '',
				description:
					'Add the photo as a new look of this existing avatar (identity) instead of creating a new one',
			},
			{
				...checkUrlsOption,
				description:
					'Whether to check that the image URL is a publicly downloadable PNG or JPEG before the avatar is created',
			},
			idempotencyKeyOption,
			retryOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['avatar'], operation: ['createPhotoAvatar'] } },
	properties,
);

/**
 * POST /v3/avatars with `type: photo`, then GET /v3/avatars/looks of its group: outputs the avatar
 * group, the new look (`look_id` is what Video → Generate takes as avatar) and all looks of the
 * group. Training is asynchronous: `status` is `processing` until the look can be used.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const name = textValue(this, this.getNodeParameter('name', itemIndex, ''), 'Name', itemIndex);
	if (!name.trim())
		throw new NodeOperationError(this.getNode(), 'Name is empty', {
			itemIndex,
			description: 'Enter a name for the new avatar.',
		});
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const groupId = String(options.avatarGroupId ?? '').trim();
	const body: IDataObject = {
		type: 'photo',
		name: name.trim(),
		file: await readMedia(this, itemIndex, PHOTO, options.checkUrls !== false),
	};
	if (groupId) body.avatar_group_id = groupId;
	const retry = getRetryOptions(this, itemIndex);
	const data = await heyGenData.call(this, {
		method: 'POST',
		path: '/v3/avatars',
		body,
		idempotencyKey: idempotencyKeyFor(this, itemIndex, 'avatar', body),
		itemIndex,
		retry,
	});
	const group = (data.avatar_group ?? null) as IDataObject | null;
	const item = (data.avatar_item ?? null) as IDataObject | null;
	const avatarGroupId = (group?.id ?? item?.group_id ?? groupId) as string | undefined;
	const looks = avatarGroupId ? await groupLooks(this, itemIndex, avatarGroupId, retry) : [];
	const look = item ?? looks.find((l) => l.name === body.name) ?? looks[0];
	return [
		{
			json: {
				avatar_group_id: avatarGroupId ?? null,
				look_id: (look?.id as string) ?? null,
				status: look?.status ?? group?.status ?? null,
				avatar_group: group,
				avatar_item: item,
				looks,
			},
		},
	];
}

/** Every look of the group (GET /v3/avatars/looks?group_id=…, all pages). */
async function groupLooks(
	ctx: IExecuteFunctions,
	itemIndex: number,
	groupId: string,
	retry: ReturnType<typeof getRetryOptions>,
): Promise<IDataObject[]> {
	const looks: IDataObject[] = [];
	let token: string | undefined;
	do {
		const page = await getPage(
			ctx,
			'/v3/avatars/looks',
			{ group_id: groupId },
			50,
			token,
			itemIndex,
			retry,
		);
		looks.push(...page.items);
		token = page.nextToken;
	} while (token && looks.length < 1000);
	return looks;
}
