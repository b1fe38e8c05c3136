import type { INodeProperties } from 'n8n-workflow';

/** The template picker of Template → Get and Generate Video. */
export const templateLocator: INodeProperties = {
	displayName: 'Template',
	name: 'templateId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a template…',
			typeOptions: {
				searchListMethod: 'searchTemplates',
				searchable: true,
				searchFilterRequired: false,
			},
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 8f14e45fceea167a5a36dedd4bea2543',
		},
	],
};
