import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { compact, retryFor } from '../../helpers/common';
import { getMany, returnAllOrLimit } from '../../helpers/pagination';

const show = { resource: ['avatar'], operation: ['getManyLooks'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit('avatar', 'getManyLooks'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		displayOptions: { show },
		default: {},
		options: [
			{
				displayName: 'Avatar Type',
				name: 'avatarType',
				type: 'options',
				options: [
					{ name: 'Digital Twin', value: 'digital_twin' },
					{ name: 'Photo Avatar', value: 'photo_avatar' },
					{ name: 'Studio Avatar', value: 'studio_avatar' },
				],
				default: 'studio_avatar',
			},
			{ displayName: 'Group ID', name: 'groupId', type: 'string', default: '' },
			{
				displayName: 'Ownership',
				name: 'ownership',
				type: 'options',
				options: [
					{ name: 'Private (My Avatars)', value: 'private' },
					{ name: 'Public', value: 'public' },
				],
				default: 'private',
			},
		],
	},
	retryOptions(show),
];

/** GET /v3/avatars/looks: the look `id` is what Video → Generate takes as avatar. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const f = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({
		avatar_type: f.avatarType as string,
		ownership: f.ownership as string,
		group_id: f.groupId as string,
	});
	const looks = await getMany(
		this,
		itemIndex,
		'/v3/avatars/looks',
		qs,
		50,
		retryFor(this, itemIndex),
	);
	return looks.map((l) => ({ json: l, pairedItem: { item: itemIndex } }));
}
