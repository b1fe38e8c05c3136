import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions, returnAllOrLimit } from '../../../shared/descriptions';
import { compact } from '../../helpers/common';
import { getMany } from '../../helpers/pagination';

const properties: INodeProperties[] = [
	...returnAllOrLimit({ maxLimit: 500 }),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
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
	retryOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['avatar'], operation: ['getManyLooks'] } },
	properties,
);

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
	const looks = await getMany(this, itemIndex, '/v3/avatars/looks', qs, 50);
	return looks.map((l) => ({ json: l }));
}
