import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions, returnAllOrLimit } from '../../shared/descriptions';
import { getRetryOptions } from '../../shared/transport';
import { heyGenData } from '../transport';
import { requiredId } from './common';
import type { JobResource } from './jobKinds';
import { idLabel, jobFields } from './jobKinds';
import { getMany } from './pagination';

/** Get, Get Many and Delete of a job resource (video translations, lip-syncs): the same three calls. */
interface JobOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

function idProperty(kind: JobResource): INodeProperties {
	return {
		displayName: idLabel(kind),
		name: kind.idParam,
		type: 'string',
		default: '',
		required: true,
		placeholder: `e.g. {{ $json.${kind.idField} }}`,
	};
}

const show = (kind: JobResource, operation: string) => ({
	show: { resource: [kind.resource], operation: [operation] },
});

const path = (kind: JobResource, id: string) => `${kind.path}/${encodeURIComponent(id)}`;

/** GET {path}/{id}: status, fresh presigned URLs, failure message. */
export function getOperation(kind: JobResource): JobOperation {
	return {
		description: updateDisplayOptions(show(kind, 'get'), [idProperty(kind), retryOptions()]),
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const id = requiredId(this, kind.idParam, idLabel(kind), itemIndex);
			const data = await heyGenData.call(this, {
				method: 'GET',
				path: path(kind, id),
				itemIndex,
				retry: getRetryOptions(this, itemIndex),
			});
			return [{ json: jobFields(kind, data) }];
		},
	};
}

/** GET {path}: the account's jobs, newest first, following next_token. */
export function getManyOperation(kind: JobResource): JobOperation {
	return {
		description: updateDisplayOptions(show(kind, 'getMany'), [
			...returnAllOrLimit({ maxLimit: 500 }),
			retryOptions(),
		]),
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const jobs = await getMany(this, itemIndex, kind.path, {}, 100);
			return jobs.map((job) => ({ json: jobFields(kind, job) }));
		},
	};
}

/** DELETE {path}/{id}: the job and its files, permanently. */
export function deleteOperation(kind: JobResource): JobOperation {
	return {
		description: updateDisplayOptions(show(kind, 'delete'), [idProperty(kind), retryOptions()]),
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const id = requiredId(this, kind.idParam, idLabel(kind), itemIndex);
			const data = await heyGenData.call(this, {
				method: 'DELETE',
				path: path(kind, id),
				itemIndex,
				retry: getRetryOptions(this, itemIndex),
			});
			return [{ json: { deleted: true, [kind.idField]: data.id ?? id } }];
		},
	};
}
