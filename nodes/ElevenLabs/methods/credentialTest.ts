import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { parseElevenLabsError, elevenLabsBaseUrl } from '../transport';
import { decodeErrorBody } from '../../shared/transport';

/**
 * Tests an ElevenLabs key without spending characters, and accepts scoped keys.
 *
 * `GET /v2/voices?page_size=1&include_total_count=false` (needs `voices_read`), then
 * `GET /v1/user/subscription` (needs `user_read`). An invalid key fails with ElevenLabs' own
 * message. A valid key that lacks one or both permissions passes, with a message saying what it
 * cannot do.
 *
 * n8n gives credential-test functions only the `request` helper (ICredentialTestFunctions has no
 * httpRequest/httpRequestWithAuthentication), so this is the one place that helper is used; the
 * header is the one the credential's `authenticate` block sends.
 */
export async function elevenLabsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const baseUrl = elevenLabsBaseUrl(data);
	const { request } = this.helpers;
	const probe = async (path: string) => {
		const response = (await request({
			method: 'GET',
			uri: `${baseUrl}${path}`,
			headers: { 'xi-api-key': String(data.apiKey ?? '') },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 30_000,
		})) as { statusCode: number; body: unknown };
		if (response.statusCode >= 200 && response.statusCode < 300) return undefined;
		return {
			statusCode: response.statusCode,
			error: parseElevenLabsError(response.statusCode, await decodeErrorBody(response.body)),
		};
	};

	const missing: string[] = [];
	try {
		for (const [path, permission] of [
			['/v2/voices?page_size=1&include_total_count=false', 'voices_read'],
			['/v1/user/subscription', 'user_read'],
		]) {
			const failure = await probe(path);
			if (!failure) continue;
			if (failure.error.code === 'missing_permissions') {
				missing.push(permission);
				continue;
			}
			const hint =
				failure.error.code === 'invalid_api_key'
					? ' Check the key, and that the Region matches where it was created.'
					: '';
			return {
				status: 'Error',
				message: `ElevenLabs: ${failure.error.message}${failure.error.code ? ` [${failure.error.code}]` : ''} (HTTP ${failure.statusCode}).${hint}`,
			};
		}
	} catch (error) {
		return {
			status: 'Error',
			message: `Could not reach ElevenLabs at ${baseUrl}: ${(error as Error).message}`,
		};
	}
	if (missing.length === 0) return { status: 'OK', message: 'Connection successful' };
	const cannot: string[] = [];
	if (missing.includes('voices_read')) cannot.push('list voices (enter voice IDs by ID)');
	if (missing.includes('user_read')) cannot.push('read the subscription/quota');
	return {
		status: 'OK',
		message: `The key works, but it is restricted: it lacks ${missing.join(' and ')}, so the node cannot ${cannot.join(' or ')}. Text to speech still works.`,
	};
}
