import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { getUser } from '../../transport';

const properties: INodeProperties[] = [retryOptions()];

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * GET /v1/user: the account (user and workspace IDs, subscription, onboarding state). Needs
 * `user_read`. The response can carry the API key itself (`xi_api_key`, OpenAPI UserResponseModel);
 * it is never put in the output, only the masked `xi_api_key_preview`.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const user = await getUser.call(this, { itemIndex, retry: getRetryOptions(this, itemIndex) });
	const json: IDataObject = { ...user };
	delete json.xi_api_key;
	return [{ json }];
}
