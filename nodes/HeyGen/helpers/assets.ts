import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { readHead } from '../../shared/binaryInput';
import { textValue } from '../../shared/params';
import {
	backoffDelay,
	decodeErrorBody,
	DEFAULT_RETRY,
	getRetryOptions,
	lowerCaseHeaders,
} from '../../shared/transport';
import { multipartBody } from '../../shared/multipart';
import { heyGenApiRequest } from '../transport';
import { completeWhenReady, DEFAULT_PROCESSING_WAIT_MS } from './assetReady';
import type { BinaryStream, StreamResponse } from './common';
import { displayUrl, httpUrl, idempotencyKeyFor, openStream, sleepUnlessCancelled } from './common';
import type { MediaKind, MediaType } from './media';
import {
	describeContent,
	fileNameFor,
	SNIFF_BYTES,
	sniffMediaType,
	SUPPORTED_LABELS,
	typeForMime,
} from './media';

/**
 * POST /v3/assets accepts at most "32 MB"; larger files use the direct-upload flow. HeyGen does not
 * say whether that is 32,000,000 bytes or 32 MiB, so the smaller reading is used, and a 413 from
 * POST /v3/assets (a proxy's or a lower limit) falls back to the direct-upload flow too.
 */
export const SIMPLE_UPLOAD_MAX_BYTES = 32_000_000;

export interface UploadedAsset extends IDataObject {
	asset_id: string;
	url: string;
	mime_type: string;
	size_bytes: number;
	file_name: string;
	upload_method: 'multipart' | 'direct';
}

interface UploadSource {
	/** Where the file came from, for messages: 'binary field "data"' or 'URL https://…'. */
	label: string;
	fileName?: string;
	declaredMime?: string;
	size: number;
	head: Buffer;
	/** The whole file, when it is (or may be) held in memory. */
	buffer?: Buffer;
	/** Opens the file as a stream (again); used for direct uploads. */
	openStream?: () => Promise<BinaryStream | Buffer>;
}

export interface UploadOptions {
	/** Only accept files of these kinds (e.g. ['image'] for the image of a video). */
	kinds?: MediaKind[];
	/** Overrides the file name sent to HeyGen. */
	fileName?: string;
	/** How long a direct upload may wait for HeyGen to finish processing it (default 10 min). */
	maxProcessingWaitMs?: number;
}

function resolveType(
	ctx: IExecuteFunctions,
	source: UploadSource,
	itemIndex: number,
	options: UploadOptions,
): MediaType {
	if (source.size === 0) {
		throw new NodeOperationError(ctx.getNode(), `The file in ${source.label} is empty`, {
			itemIndex,
		});
	}
	const sniffed = sniffMediaType(source.head);
	const declared = typeForMime(source.declaredMime);
	// The bytes decide (HeyGen detects the type from them); a declared supported type is the
	// fallback for files whose signature we do not recognise.
	const type = sniffed ?? declared;
	if (!type) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The file in ${source.label} is ${describeContent(source.head)}${source.declaredMime ? ` (declared as ${source.declaredMime})` : ''}, which HeyGen does not accept`,
			{ itemIndex, description: `Supported file types: ${SUPPORTED_LABELS}.` },
		);
	}
	if (options.kinds && !options.kinds.includes(type.kind)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The file in ${source.label} is ${type.label} (${type.kind}), but ${options.kinds.join(' or ')} is needed here`,
			{ itemIndex },
		);
	}
	return type;
}

/** POST /v3/assets; undefined when HeyGen (or a proxy) answers 413 Payload Too Large. */
async function uploadMultipart(
	ctx: IExecuteFunctions,
	itemIndex: number,
	file: Buffer,
	fileName: string,
	type: MediaType,
): Promise<UploadedAsset | undefined> {
	const { body, contentType } = multipartBody(file, fileName, type.mimeType);
	const response = await heyGenApiRequest.call(ctx, {
		method: 'POST',
		path: '/v3/assets',
		body,
		headers: { 'Content-Type': contentType },
		idempotencyKey: idempotencyKeyFor(ctx, itemIndex, 'asset', [
			fileName,
			type.mimeType,
			createHash('sha256').update(file).digest('hex'),
		]),
		timeoutMs: 10 * 60_000,
		okStatuses: [413],
		itemIndex,
		retry: getRetryOptions(ctx, itemIndex),
	});
	if (response.statusCode === 413) return undefined;
	const data = ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
	return {
		asset_id: data.asset_id as string,
		url: data.url as string,
		mime_type: data.mime_type as string,
		size_bytes: data.size_bytes as number,
		file_name: fileName,
		upload_method: 'multipart',
	};
}

function s3Error(text: string): { code?: string; message?: string } {
	return {
		code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1],
		message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1],
	};
}

/**
 * The direct-upload flow for files over 32 MB: create the upload, PUT the bytes (as a stream) to
 * the presigned URL with every header HeyGen returned, then complete it and wait until HeyGen has
 * processed the file. The PUT goes to storage, not to HeyGen, so it is sent without the API key
 * (plain `httpRequest`).
 */
async function uploadDirect(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: UploadSource,
	fileName: string,
	type: MediaType,
	maxProcessingWaitMs: number,
): Promise<UploadedAsset> {
	const retry = getRetryOptions(ctx, itemIndex);
	const created = await heyGenApiRequest.call(ctx, {
		method: 'POST',
		path: '/v3/assets/direct-uploads',
		body: { filename: fileName, content_type: type.mimeType, size_bytes: source.size },
		itemIndex,
		retry,
	});
	const upload = ((created.body as IDataObject).data ?? {}) as IDataObject;
	const maxBytes = upload.max_bytes as number | undefined;
	if (typeof maxBytes === 'number' && source.size > maxBytes) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The file in ${source.label} is ${source.size} bytes; HeyGen accepts at most ${maxBytes}`,
			{
				itemIndex,
			},
		);
	}
	const headers: IDataObject = { ...((upload.upload_headers as IDataObject) ?? {}) };
	if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-length'))
		headers['Content-Length'] = String(source.size);

	const settings = { ...DEFAULT_RETRY, ...retry };
	for (let attempt = 1; ; attempt++) {
		const body = source.openStream ? await source.openStream() : source.buffer!;
		const options: IHttpRequestOptions = {
			method: 'PUT',
			url: upload.upload_url as string,
			headers,
			body: body as unknown as IDataObject,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'text',
			json: false,
			// no redirect-following transport: it keeps a copy of the whole request body for replays
			disableFollowRedirect: true,
			timeout: settings.timeoutMs || 60 * 60_000,
			abortSignal: ctx.getExecutionCancelSignal?.(),
		};
		let status = 0;
		let detail = '';
		try {
			const response = (await ctx.helpers.httpRequest(options)) as {
				statusCode: number;
				body: unknown;
			};
			status = response.statusCode;
			if (status >= 200 && status < 300) break;
			const decoded = await decodeErrorBody(response.body);
			const parsed = s3Error(typeof decoded === 'string' ? decoded : JSON.stringify(decoded));
			detail = `${parsed.message ?? 'upload rejected'}${parsed.code ? ` [${parsed.code}]` : ''}`;
		} catch (error) {
			detail = (error as Error).message;
		}
		// Storage may answer before it has read the whole body: the rest of this attempt's stream is
		// never read, so close it (and its file handle) now rather than leave it to the GC.
		(body as { destroy?: () => void }).destroy?.();
		const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
		if (!retryable || attempt >= settings.maxAttempts) {
			throw new NodeApiError(ctx.getNode(), { status, message: detail } as JsonObject, {
				message: `HeyGen: uploading the file to storage failed: ${detail}${status ? ` (HTTP ${status})` : ''}`,
				description:
					'The presigned upload URL rejected the PUT. Run the node again; a new upload URL is requested each time.',
				httpCode: status ? String(status) : undefined,
				itemIndex,
			});
		}
		await sleepUnlessCancelled(ctx, backoffDelay(attempt, settings), itemIndex);
	}

	const data = await completeWhenReady(
		ctx,
		itemIndex,
		upload.asset_id as string,
		retry,
		maxProcessingWaitMs,
	);
	return {
		asset_id: (data.asset_id as string) ?? (upload.asset_id as string),
		url: data.url as string,
		mime_type: data.mime_type as string,
		size_bytes: data.size_bytes as number,
		file_name: fileName,
		upload_method: 'direct',
	};
}

async function upload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: UploadSource,
	options: UploadOptions,
): Promise<UploadedAsset> {
	const type = resolveType(ctx, source, itemIndex, options);
	const fileName = fileNameFor(options.fileName || source.fileName, type);
	if (source.size <= SIMPLE_UPLOAD_MAX_BYTES) {
		const file =
			source.buffer ??
			(await ctx.helpers.binaryToBuffer((await source.openStream!()) as BinaryStream));
		const asset = await uploadMultipart(ctx, itemIndex, file, fileName, type);
		if (asset) return asset;
		// 413: too large for POST /v3/assets after all, so the direct-upload flow
		source.buffer ??= file;
	}
	return await uploadDirect(
		ctx,
		itemIndex,
		source,
		fileName,
		type,
		options.maxProcessingWaitMs ?? DEFAULT_PROCESSING_WAIT_MS,
	);
}

/**
 * Uploads the binary of an input item. Files in n8n's binary storage (filesystem, database, S3)
 * are read through the binary helpers; a file over 32 MB is streamed to storage, never buffered.
 */
export async function uploadBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: unknown,
	options: UploadOptions = {},
): Promise<UploadedAsset> {
	const propertyName = textValue(ctx, binaryPropertyName, 'Input Binary Field', itemIndex).trim();
	if (!propertyName) {
		throw new NodeOperationError(ctx.getNode(), 'Input Binary Field is empty', {
			itemIndex,
			description: 'Enter the name of the input binary field that holds the file, e.g. data.',
		});
	}
	const label = `binary field "${propertyName}" of item ${itemIndex}`;
	const meta = ctx.helpers.assertBinaryData(itemIndex, propertyName);
	if (meta.id) {
		const id = meta.id;
		const stored = await ctx.helpers.getBinaryMetadata(id);
		const size = Number(stored.fileSize ?? meta.bytes ?? 0);
		const head = await readHead(await ctx.helpers.getBinaryStream(id, SNIFF_BYTES), SNIFF_BYTES);
		const source: UploadSource = {
			label,
			fileName: meta.fileName ?? stored.fileName,
			declaredMime: meta.mimeType || stored.mimeType,
			size,
			head,
			openStream: async () => await ctx.helpers.getBinaryStream(id),
		};
		if (size <= SIMPLE_UPLOAD_MAX_BYTES)
			source.buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		return await upload(ctx, itemIndex, source, options);
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	return await upload(
		ctx,
		itemIndex,
		{
			label,
			fileName: meta.fileName,
			declaredMime: meta.mimeType,
			size: buffer.length,
			head: buffer.subarray(0, SNIFF_BYTES),
			buffer,
		},
		options,
	);
}

function fileNameFromResponse(url: string, headers: Record<string, string>): string | undefined {
	const disposition = headers['content-disposition'] ?? '';
	const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
	if (star) {
		try {
			return decodeURIComponent(star.trim().replace(/^"|"$/g, ''));
		} catch {
			// fall through
		}
	}
	const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
	if (plain) return plain.trim();
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		return last ? decodeURIComponent(last) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Downloads a file n8n can reach and uploads it to HeyGen. The download is a plain request: the
 * HeyGen API key is never sent to the file's host.
 */
export async function uploadFromUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rawUrl: unknown,
	options: UploadOptions = {},
): Promise<UploadedAsset> {
	const url = httpUrl(ctx, rawUrl, 'File URL', itemIndex);
	const label = `the file at ${displayUrl(url)} (item ${itemIndex})`;
	const timeoutMs = getRetryOptions(ctx, itemIndex).timeoutMs || 10 * 60_000;
	const open = async () => {
		let response: StreamResponse;
		try {
			response = await openStream(ctx, url, timeoutMs);
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Could not download ${displayUrl(url)}: ${(error as Error).message} (File URL)`,
				{ itemIndex },
			);
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			response.body?.destroy?.();
			throw new NodeOperationError(
				ctx.getNode(),
				`Could not download ${displayUrl(url)}: HTTP ${response.statusCode} (File URL)`,
				{
					itemIndex,
					description:
						'The URL must be reachable by n8n without logging in. Share-page links (Google Drive, Dropbox, OneDrive) usually need a direct-download link.',
				},
			);
		}
		return { headers: lowerCaseHeaders(response.headers), stream: response.body };
	};

	const first = await open();
	const length = Number(first.headers['content-length'] ?? NaN);
	const declaredMime = first.headers['content-type'];
	const fileName = fileNameFromResponse(url, first.headers);
	if (Number.isFinite(length) && length > SIMPLE_UPLOAD_MAX_BYTES) {
		// Large file: sniff from a first download, then stream a second one into the presigned PUT.
		const head = await readHead(first.stream, SNIFF_BYTES);
		return await upload(
			ctx,
			itemIndex,
			{
				label,
				fileName,
				declaredMime,
				size: length,
				head,
				openStream: async () => (await open()).stream,
			},
			options,
		);
	}
	const buffer = await ctx.helpers.binaryToBuffer(first.stream);
	return await upload(
		ctx,
		itemIndex,
		{
			label,
			fileName,
			declaredMime,
			size: buffer.length,
			head: buffer.subarray(0, SNIFF_BYTES),
			buffer,
		},
		options,
	);
}
