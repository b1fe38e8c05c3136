import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { lowerCaseHeaders } from '../../shared/transport';
import { displayUrl, httpUrl } from './common';
import { sniffMediaType } from './media';

interface Probe {
	status: number;
	contentType: string;
	head?: Buffer;
	error?: string;
}

async function probe(ctx: IExecuteFunctions, url: string, method: 'HEAD' | 'GET'): Promise<Probe> {
	const options: IHttpRequestOptions = {
		method,
		url,
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 20_000,
		abortSignal: ctx.getExecutionCancelSignal?.(),
	};
	if (method === 'GET') options.headers = { Range: 'bytes=0-1023' };
	try {
		const response = (await ctx.helpers.httpRequest(options)) as {
			statusCode: number;
			headers: Record<string, unknown>;
			body: unknown;
		};
		const header = lowerCaseHeaders(response.headers)['content-type'];
		const body = response.body;
		const head = Buffer.isBuffer(body)
			? body
			: body instanceof ArrayBuffer
				? Buffer.from(body)
				: undefined;
		return {
			status: response.statusCode,
			contentType: String(header ?? '')
				.split(';')[0]
				.trim()
				.toLowerCase(),
			head,
		};
	} catch (error) {
		return { status: 0, contentType: '', error: (error as Error).message };
	}
}

/**
 * Checks, before any credit is spent, that HeyGen will be able to download a URL passed to it
 * (`audio_url`, an image URL): it must answer 2xx without logging in, with a media type of the
 * right kind. HEAD first; hosts that refuse HEAD (or presigned GET-only URLs) get a ranged GET.
 */
export async function assertPublicMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rawUrl: unknown,
	kind: 'audio' | 'image',
	field: string,
): Promise<string> {
	const url = httpUrl(ctx, rawUrl, field, itemIndex);
	const ok = (p: Probe) =>
		p.status >= 200 && p.status < 300 && p.contentType.startsWith(`${kind}/`);
	const head = await probe(ctx, url, 'HEAD');
	if (ok(head)) return url;
	const get = await probe(ctx, url, 'GET');
	if (ok(get)) return url;
	const sniffed = get.head ? sniffMediaType(get.head) : undefined;
	if (
		get.status >= 200 &&
		get.status < 300 &&
		sniffed?.kind === kind &&
		(get.contentType === '' || get.contentType === 'application/octet-stream')
	) {
		return url;
	}
	let reason: string;
	if (get.status === 0)
		reason = `it could not be reached (${get.error ?? head.error ?? 'network error'})`;
	else if (get.status >= 300) reason = `it answered HTTP ${get.status}`;
	else if (get.contentType === 'text/html') reason = 'it returns an HTML page, not the file';
	else reason = `it returns ${get.contentType || 'no content type'} instead of ${kind}`;
	throw new NodeOperationError(
		ctx.getNode(),
		`${field} ${displayUrl(url)} is not publicly downloadable as ${kind}: ${reason}`,
		{
			itemIndex,
			description:
				`HeyGen downloads this URL itself and would reject the video with download_failed; this was checked before any credit was spent. ` +
				`Upload the file with HeyGen → Asset → Upload (or use the Binary/Asset source) and pass its asset ID instead. ` +
				`Share links from Google Drive, Dropbox or OneDrive usually return an HTML page, not the file. ` +
				`To skip this check, turn off "Check URLs Before Generating".`,
		},
	);
}
