import type { IDataObject } from 'n8n-workflow';

import type {
	ApiContext,
	ApiRequest,
	ApiResponse,
	ParsedApiError,
	ServiceSpec,
} from '../../shared/transport';
import { apiRequest, parseTextBody } from '../../shared/transport';

export const HEYGEN_DEFAULT_BASE_URL = 'https://api.heygen.com';

export function heyGenBaseUrl(credentials: IDataObject): string {
	const url = String(credentials.baseUrl ?? '').trim() || HEYGEN_DEFAULT_BASE_URL;
	return url.replace(/\/+$/, '');
}

function fromEnvelope(error: IDataObject): ParsedApiError {
	const parsed: ParsedApiError = {
		code: (error.code as string) ?? undefined,
		message: (error.message as string) ?? JSON.stringify(error),
		param: (error.param as string) ?? undefined,
		docUrl: (error.doc_url as string) ?? undefined,
	};
	if (parsed.code === 'quota_exceeded' || parsed.code === 'insufficient_credit')
		parsed.kind = 'fatal';
	return parsed;
}

/** Decodes HeyGen's v3 error envelope `{"error":{"code","message","param","doc_url"}}` and non-JSON bodies. */
export function parseHeyGenError(statusCode: number, body: unknown): ParsedApiError {
	if (body && typeof body === 'object') {
		const b = body as IDataObject;
		if (b.error && typeof b.error === 'object') return fromEnvelope(b.error as IDataObject);
		if (typeof b.error === 'string') return { message: b.error };
		if (typeof b.message === 'string')
			return { message: b.message, code: typeof b.code === 'string' ? b.code : undefined };
		return { message: JSON.stringify(b).slice(0, 300) };
	}
	if (typeof body === 'string' && body) {
		return parseTextBody(body);
	}
	return { message: `HTTP ${statusCode}` };
}

/** HeyGen can answer HTTP 200 with an error inside the body. */
export function heyGenErrorInSuccessBody(body: unknown): ParsedApiError | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const error = (body as IDataObject).error;
		if (error && typeof error === 'object') return fromEnvelope(error as IDataObject);
		if (typeof error === 'string' && error) return { message: error };
	}
	return undefined;
}

export function heyGenHint(statusCode: number, error: ParsedApiError): string | undefined {
	switch (error.code) {
		case 'unauthorized':
		case 'authentication_failed':
			return 'Check the API key in the HeyGen credential (HeyGen app → Settings → API).';
		case 'insufficient_credit':
			return 'The HeyGen account does not have enough credits for this video.';
		case 'quota_exceeded':
			return 'The HeyGen usage quota is exhausted; this is not retried.';
		case 'rate_limit_exceeded':
			return "Too many concurrent jobs or requests for this HeyGen plan; it was retried after the server's Retry-After.";
		case 'download_failed':
			return 'HeyGen could not download a URL you passed (it must be public and point straight at the file). Upload the file with Asset → Upload and use its asset ID instead.';
		case 'avatar_not_found':
			return 'The avatar look ID does not exist or is not available to this account. Pick one from the list.';
		case 'voice_not_found':
			return 'The voice ID does not exist or is not available to this account. Pick one from the list.';
		case 'video_not_found':
		case 'not_found':
		case 'resource_not_found':
			return 'The ID does not exist (or was deleted).';
		case 'payload_too_large':
			return 'The file is larger than the endpoint accepts; files over 32 MB are uploaded with the direct-upload flow.';
		case 'invalid_parameter':
			return 'A parameter was rejected; the field is named below.';
		case 'html_response':
			return 'A proxy or firewall answered instead of HeyGen.';
		default:
			break;
	}
	if (statusCode === 403) return 'The HeyGen plan or API key does not allow this operation.';
	return undefined;
}

export const heyGenService: ServiceSpec = {
	service: 'HeyGen',
	credentialType: 'heygenElevenlabsHeyGenApi',
	baseUrl: heyGenBaseUrl,
	parseError: parseHeyGenError,
	errorInSuccessBody: heyGenErrorInSuccessBody,
	hint: heyGenHint,
};

/** The single request helper of the HeyGen nodes. v3 bodies are `{ data: … }`. */
export async function heyGenApiRequest<T = unknown>(
	this: ApiContext,
	request: ApiRequest,
): Promise<ApiResponse<T>> {
	return await apiRequest<T>(this, heyGenService, { timeoutMs: 120_000, ...request });
}

/** A request answered with v3's `{ data }` envelope: returns `data` (`{}` when there is none). */
export async function heyGenData(this: ApiContext, request: ApiRequest): Promise<IDataObject> {
	const response = await heyGenApiRequest.call(this, request);
	return ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
}
