/**
 * Assets: POST /v3/assets (contract AssetCreate), GET and DELETE /v3/assets/{asset_id} (AssetGet,
 * AssetDelete), GET /v3/assets/statuses (AssetStatusesList). Uploads over 32 MB go through
 * direct-uploads.ts.
 *
 * POST /v3/assets takes multipart/form-data with one part named `file`, at most 32 MB (a larger
 * part is a 413 payload_too_large; the limit is HeyGenState.multipartMaxBytes); HeyGen detects the
 * type from the bytes (png, jpeg, mp4, webm, mp3, wav, pdf; the contract also lists srt) and
 * answers {asset_id, url, mime_type, size_bytes}
 * (https://developers.heygen.com/docs/upload-assets, https://developers.heygen.com/reference/upload-asset).
 * The stored bytes are served back under /files/assets/… (files.ts).
 *
 * AssetGet has no status field; an asset's processing status is read in bulk with
 * GET /v3/assets/statuses?asset_ids=a,b (up to 100; queued, processing, completed, failed, or
 * not_found for unknown ids; each entry carries its id as `video_id`: the contract's
 * AssetStatusesList description, heygen-cli `gen/asset.go` flags asset_ids/batch_ids).
 */
import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';

import type { SandboxReply, SandboxRequest } from '../server';
import { queryString } from '../server';
import { heyGenError, validateBody, type HeyGenApi } from './api';
import { idempotent } from './idempotency';
import type { HeyGenState, SandboxAsset } from './state';

export const SIMPLE_UPLOAD_LIMIT = 32 * 1024 * 1024;

/** Where an asset's bytes are served (the `url` of the asset responses). */
export function assetUrl(state: HeyGenState, a: SandboxAsset): string {
	return `${state.baseUrl}/files/assets/${a.id}/${encodeURIComponent(a.name)}`;
}

/** The upload responses' data (AssetCreate; AssetCompleteCreate adds `status`). */
export function uploaded(state: HeyGenState, a: SandboxAsset) {
	return {
		asset_id: a.id,
		url: assetUrl(state, a),
		mime_type: a.mimeType,
		size_bytes: a.sizeBytes ?? a.bytes.length,
	};
}

/** An asset that exists and was not deleted. */
export function liveAsset(state: HeyGenState, id: string): SandboxAsset | undefined {
	const a = state.assets.get(id);
	return a && !a.deleted ? a : undefined;
}

/** Processing status of an asset, in the statuses endpoint's vocabulary. */
export function processingStatus(a: SandboxAsset): 'processing' | 'completed' | 'failed' {
	if (a.readyAt !== undefined && Date.now() < a.readyAt) return 'processing';
	return a.processingFails ? 'failed' : 'completed';
}

export function installAssets({ route, state }: HeyGenApi): void {
	route('POST', '/v3/assets', {}, async (req, _body, res) => {
		const contentType = String(req.headers['content-type'] ?? '');
		if (!/^multipart\/form-data/i.test(contentType)) {
			return heyGenError(
				400,
				'invalid_parameter',
				'Expected a multipart/form-data body with a file part named "file".',
				'file',
			);
		}
		const parsed = await parseMultipart(req, state.multipartMaxBytes);
		if ('reply' in parsed) return parsed.reply;
		const { files, fields, truncated } = parsed;
		if (truncated)
			return heyGenError(
				413,
				'payload_too_large',
				'File exceeds the 32 MB limit of POST /v3/assets; use direct uploads.',
			);
		const described: Record<string, unknown> = { ...fields };
		for (const f of files) described[f.field] = `<${f.data.length} bytes>`;
		const invalid = validateBody('AssetCreate', described);
		if (invalid) return invalid;
		const part = files.find((f) => f.field === 'file');
		if (!part) return heyGenError(400, 'invalid_parameter', 'Missing file part "file".', 'file');
		if (files.length > 1)
			return heyGenError(400, 'invalid_parameter', 'Exactly one file part is accepted.', 'file');
		if (part.data.length === 0)
			return heyGenError(400, 'invalid_parameter', 'The uploaded file is empty.', 'file');
		const sniffed = sniffSandbox(part.data);
		if (!sniffed) {
			return heyGenError(
				400,
				'invalid_parameter',
				'Unsupported file type. Supported: png, jpeg, mp4, webm, mp3, wav, pdf, srt.',
				'file',
			);
		}
		return await idempotent(
			state,
			req,
			res,
			createHash('sha256').update(part.data).digest('hex'),
			() => {
				const asset: SandboxAsset = {
					id: randomUUID().replace(/-/g, ''),
					name: part.filename || `upload.${sniffed.ext}`,
					mimeType: sniffed.mimeType,
					kind: sniffed.kind,
					bytes: part.data,
					uploadedAt: Math.floor(Date.now() / 1000),
					via: 'multipart',
					partFilename: part.filename,
					partContentType: part.mimeType,
				};
				state.assets.set(asset.id, asset);
				return { body: { data: uploaded(state, asset) } };
			},
		);
	});

	// Registered before /v3/assets/{asset_id}, which would match the path too.
	route('GET', '/v3/assets/statuses', { query: ['asset_ids', 'batch_ids'] }, (req) => {
		if (!state.assetStatusesEndpoint) return heyGenError(404, 'not_found', 'Not found.');
		const ids = [
			...new Set(
				(queryString(req.query, 'asset_ids') ?? '')
					.split(',')
					.map((x) => x.trim())
					.filter(Boolean),
			),
		];
		const batches = (queryString(req.query, 'batch_ids') ?? '').split(',').filter(Boolean);
		if (!ids.length && !batches.length)
			return heyGenError(
				400,
				'invalid_parameter',
				'Provide asset_ids and/or batch_ids.',
				'asset_ids',
			);
		if (ids.length + batches.length > 100)
			return heyGenError(400, 'invalid_parameter', 'At most 100 ids per request.', 'asset_ids');
		const entry = (id: string, status: string, error: unknown = null) => ({
			video_id: id,
			status,
			error,
			batch_id: null,
			item_index: null,
		});
		return {
			body: {
				data: [
					...ids.map((id) => {
						const a = liveAsset(state, id);
						if (!a) return entry(id, 'not_found');
						const status = processingStatus(a);
						return status === 'failed'
							? entry(id, status, {
									code: 'processing_failed',
									message: 'The file could not be processed.',
								})
							: entry(id, status);
					}),
					// the sandbox has no batch uploads
					...batches.map((id) => entry(id, 'not_found')),
				],
				has_more: false,
				next_token: null,
			},
		};
	});

	route('GET', '/v3/assets/{asset_id}', {}, (req) => {
		const a = liveAsset(state, req.params.asset_id);
		if (!a) return heyGenError(404, 'resource_not_found', 'Asset not found.', 'asset_id');
		return {
			body: {
				data: {
					id: a.id,
					name: a.name,
					type: a.kind === 'subtitle' ? 'srt' : a.kind,
					owner: 'sandbox',
					space_id: 'space_sandbox',
					uploaded_at: a.uploadedAt,
					url: assetUrl(state, a),
					folder_id: null,
				},
			},
		};
	});

	route('DELETE', '/v3/assets/{asset_id}', {}, (req) => {
		const a = liveAsset(state, req.params.asset_id);
		if (!a) return heyGenError(404, 'resource_not_found', 'Asset not found.', 'asset_id');
		a.deleted = true;
		return { body: { data: { id: a.id } } };
	});
}

/** Detects the file type from its first bytes, as HeyGen does (types of POST /v3/assets). */
export function sniffSandbox(
	bytes: Buffer,
): { mimeType: string; kind: SandboxAsset['kind']; ext: string } | undefined {
	const b = bytes;
	if (
		b.length >= 8 &&
		b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
	) {
		return { mimeType: 'image/png', kind: 'image', ext: 'png' };
	}
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
		return { mimeType: 'image/jpeg', kind: 'image', ext: 'jpg' };
	if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-')
		return { mimeType: 'application/pdf', kind: 'pdf', ext: 'pdf' };
	if (
		b.length >= 12 &&
		b.subarray(0, 4).toString('latin1') === 'RIFF' &&
		b.subarray(8, 12).toString('latin1') === 'WAVE'
	) {
		return { mimeType: 'audio/wav', kind: 'audio', ext: 'wav' };
	}
	if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp')
		return { mimeType: 'video/mp4', kind: 'video', ext: 'mp4' };
	if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3)
		return { mimeType: 'video/webm', kind: 'video', ext: 'webm' };
	if (b.length >= 3 && b.subarray(0, 3).toString('latin1') === 'ID3')
		return { mimeType: 'audio/mpeg', kind: 'audio', ext: 'mp3' };
	if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && ((b[1] >> 1) & 0x3) !== 0) {
		return { mimeType: 'audio/mpeg', kind: 'audio', ext: 'mp3' };
	}
	const head = b
		.subarray(0, 200)
		.toString('utf8')
		.replace(/^\uFEFF/, '');
	if (/^\d+\r?\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}/.test(head)) {
		return { mimeType: 'application/x-subrip', kind: 'subtitle', ext: 'srt' };
	}
	return undefined;
}

interface ParsedPart {
	field: string;
	filename: string;
	mimeType: string;
	data: Buffer;
}

async function parseMultipart(
	req: SandboxRequest,
	maxFileBytes: number,
): Promise<
	| { files: ParsedPart[]; fields: Record<string, string>; truncated: boolean }
	| { reply: SandboxReply }
> {
	const malformed = (error: unknown) => ({
		reply: heyGenError(
			400,
			'invalid_parameter',
			`Malformed multipart body: ${(error as Error).message}`,
			'file',
		),
	});
	return await new Promise((resolve) => {
		let bb: busboy.Busboy;
		try {
			bb = busboy({
				headers: req.headers,
				limits: { fileSize: maxFileBytes, files: 5, fields: 20 },
			});
		} catch (error) {
			resolve(malformed(error));
			return;
		}
		const files: ParsedPart[] = [];
		const fields: Record<string, string> = {};
		let truncated = false;
		bb.on('file', (field, stream, info) => {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('limit', () => (truncated = true));
			stream.on('close', () =>
				files.push({
					field,
					filename: info.filename,
					mimeType: info.mimeType,
					data: Buffer.concat(chunks),
				}),
			);
		});
		bb.on('field', (name, value) => (fields[name] = value));
		bb.on('error', (error) => resolve(malformed(error)));
		bb.on('close', () => resolve({ files, fields, truncated }));
		bb.end(req.body);
	});
}
