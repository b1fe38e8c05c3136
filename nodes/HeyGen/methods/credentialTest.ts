import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { decodeErrorBody } from '../../shared/transport';
import { describeBalance } from '../helpers/account';
import { heyGenBaseUrl, heyGenErrorInSuccessBody, parseHeyGenError } from '../transport';

/**
 * Tests a HeyGen key with `GET /v3/users/me`; when the key may not read the user (HTTP 403), falls
 * back to the cheapest list call, `GET /v3/voices?limit=1`, and passes with a note. The success
 * message carries the API wallet balance and says that API usage is paid from it. (n8n's editor
 * shows its own "Connection tested successfully" for an OK result and only displays the message of
 * an error; the message is returned by the credential test endpoint, and User → Get outputs it.)
 *
 * n8n gives credential-test functions only the `request` helper (ICredentialTestFunctions has no
 * httpRequest/httpRequestWithAuthentication), so this is the one place that helper is used; the
 * header is the one the credential's `authenticate` block sends.
 */
export async function heyGenApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const baseUrl = heyGenBaseUrl(data);
	const { request } = this.helpers;
	const probe = async (path: string) => {
		const response = (await request({
			method: 'GET',
			uri: `${baseUrl}${path}`,
			headers: { 'X-Api-Key': String(data.apiKey ?? '') },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 30_000,
		})) as { statusCode: number; body: unknown };
		const ok = response.statusCode >= 200 && response.statusCode < 300;
		const error = ok
			? heyGenErrorInSuccessBody(response.body)
			: parseHeyGenError(response.statusCode, await decodeErrorBody(response.body));
		return { statusCode: response.statusCode, error, body: response.body };
	};
	const describe = (r: { statusCode: number; error?: { message: string; code?: string } }) =>
		`HeyGen: ${r.error?.message ?? 'error'}${r.error?.code ? ` [${r.error.code}]` : ''} (HTTP ${r.statusCode})`;

	try {
		const me = await probe('/v3/users/me');
		if (!me.error) {
			const user = ((me.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
			return {
				status: 'OK',
				message: `Connection successful. ${describeBalance(user).balance_note}`,
			};
		}
		if (me.statusCode !== 403)
			return { status: 'Error', message: `${describe(me)}. Check the API key.` };
		const voices = await probe('/v3/voices?limit=1');
		if (voices.error) return { status: 'Error', message: describe(voices) };
		return {
			status: 'OK',
			message:
				'The key works, but it may not read the account (users/me), so User → Get (credits) will fail. Everything else is available.',
		};
	} catch (error) {
		return {
			status: 'Error',
			message: `Could not reach HeyGen at ${baseUrl}: ${(error as Error).message}`,
		};
	}
}
