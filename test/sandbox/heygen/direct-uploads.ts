/**
 * Direct uploads, for files over the 32 MB of POST /v3/assets: POST /v3/assets/direct-uploads
 * (contract AssetDirectUploadsCreate) → {asset_id, upload_url, upload_headers, expires_in_seconds,
 * max_bytes, status: "pending_upload"}; then an HTTP PUT of the raw bytes to `upload_url` with
 * every `upload_headers` header verbatim; then POST /v3/assets/{asset_id}/complete
 * (AssetCompleteCreate) → {asset_id, url, mime_type, size_bytes, status}. The asset is unusable
 * until completed (https://developers.heygen.com/docs/upload-assets). /complete is "Idempotent:
 * repeated calls return the same finalized asset" (contract), and its `status` may still be
 * "processing" (contract: "Asset status, e.g. 'processing'"): HeyGenState.assetProcessingMs keeps
 * a completed asset processing for a while, assetProcessingFails makes that end in `failed`.
 *
 * The presigned PUT behaves like S3's: a signature or signed header that does not match, an
 * expired URL, a missing or different Content-Length, or fewer bytes than announced are XML
 * errors. It is streamed: only `directUploadRetainBytes` of the body are kept (size and SHA-256
 * are still computed over every byte), so multi-gigabyte uploads can be tested.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { queryString } from '../server';
import { heyGenError, type HeyGenApi } from './api';
import { processingStatus, sniffSandbox, uploaded } from './assets';
import { s3Error } from './files';
import type { DirectUpload } from './state';

export function installDirectUploads({ server, route, state }: HeyGenApi): void {
	route('POST', '/v3/assets/direct-uploads', { body: 'AssetDirectUploadsCreate' }, (_req, json) => {
		const body = json as { filename: string; content_type: string; size_bytes: number };
		if (!Number.isInteger(body.size_bytes) || body.size_bytes <= 0) {
			return heyGenError(
				400,
				'invalid_parameter',
				'size_bytes must be a positive integer.',
				'size_bytes',
			);
		}
		if (body.size_bytes > state.maxDirectUploadBytes) {
			return heyGenError(
				413,
				'payload_too_large',
				`size_bytes exceeds the maximum of ${state.maxDirectUploadBytes} bytes.`,
				'size_bytes',
			);
		}
		if (
			!/^(image\/(png|jpeg)|video\/(mp4|webm)|audio\/(mpeg|mp3|wav|x-wav|wave)|application\/(pdf|x-subrip|zip))$/.test(
				body.content_type,
			)
		) {
			return heyGenError(
				400,
				'invalid_parameter',
				`Unsupported content_type '${body.content_type}'.`,
				'content_type',
			);
		}
		const upload: DirectUpload = {
			assetId: randomUUID().replace(/-/g, ''),
			filename: body.filename,
			contentType: body.content_type,
			sizeBytes: body.size_bytes,
			signature: randomBytes(16).toString('hex'),
			expiresAt: Date.now() + state.urlTtlMs,
			uploadHeaders: {
				'Content-Type': body.content_type,
				'x-amz-server-side-encryption': 'AES256',
				'x-amz-meta-upload-token': randomBytes(8).toString('hex'),
			},
		};
		state.directUploads.set(upload.assetId, upload);
		return {
			body: {
				data: {
					asset_id: upload.assetId,
					upload_url: `${state.baseUrl}/uploads/${upload.assetId}?X-Amz-Expires=${Math.round(state.urlTtlMs / 1000)}&X-Amz-Signature=${upload.signature}`,
					upload_headers: upload.uploadHeaders,
					expires_in_seconds: Math.round(state.urlTtlMs / 1000),
					max_bytes: upload.sizeBytes,
					status: 'pending_upload',
				},
			},
		};
	});

	// Presigned PUT (S3-like). The server core does not buffer /uploads bodies: this streams them.
	server.route('PUT', 'uploads', '/{upload_id}', async (req, res) => {
		const drain = async () => {
			for await (const _chunk of req.raw) void _chunk;
		};
		const upload = state.directUploads.get(req.params.upload_id);
		if (!upload || queryString(req.query, 'X-Amz-Signature') !== upload.signature) {
			await drain();
			return s3Error(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided.',
			);
		}
		if (Date.now() > upload.expiresAt) {
			await drain();
			return s3Error(403, 'AccessDenied', 'Request has expired');
		}
		for (const [name, value] of Object.entries(upload.uploadHeaders)) {
			const got = req.headers[name.toLowerCase()];
			if (got !== value) {
				await drain();
				return s3Error(
					403,
					'SignatureDoesNotMatch',
					`Signed header ${name} is missing or differs.`,
				);
			}
		}
		const declared = req.headers['content-length'];
		if (declared === undefined) {
			await drain();
			return s3Error(
				411,
				'MissingContentLength',
				'You must provide the Content-Length HTTP header.',
			);
		}
		if (Number(declared) !== upload.sizeBytes) {
			await drain();
			return s3Error(403, 'SignatureDoesNotMatch', 'Content-Length differs from the signed size.');
		}
		const chunks: Buffer[] = [];
		let bytes = 0;
		let count = 0;
		let kept = 0;
		const retain = state.directUploadRetainBytes ?? Infinity;
		const sha256 = createHash('sha256');
		const md5 = createHash('md5');
		try {
			for await (const chunk of req.raw) {
				const buf = chunk as Buffer;
				sha256.update(buf);
				md5.update(buf);
				if (kept < retain) {
					const part = kept + buf.length <= retain ? buf : buf.subarray(0, retain - kept);
					chunks.push(part);
					kept += part.length;
				}
				bytes += buf.length;
				count++;
			}
		} catch {
			return;
		}
		if (bytes !== upload.sizeBytes)
			return s3Error(
				400,
				'IncompleteBody',
				'You did not provide the number of bytes specified by the Content-Length HTTP header.',
			);
		upload.received = Buffer.concat(chunks);
		upload.sha256 = sha256.digest('hex');
		upload.put = { headers: req.headers, chunks: count, bytes };
		res.setHeader('ETag', `"${md5.digest('hex')}"`);
		return { status: 200, body: '' };
	});

	route('POST', '/v3/assets/{asset_id}/complete', { body: 'AssetCompleteCreate' }, (req, body) => {
		const upload = state.directUploads.get(req.params.asset_id);
		if (!upload) return heyGenError(404, 'not_found', 'Upload not found.', 'asset_id');
		if (!upload.received)
			return heyGenError(
				400,
				'invalid_parameter',
				'The file has not been uploaded to upload_url yet.',
				'asset_id',
			);
		const sniffed = sniffSandbox(upload.received);
		const declared = upload.contentType
			.replace('audio/mp3', 'audio/mpeg')
			.replace(/audio\/(x-wav|wave)/, 'audio/wav');
		if (!sniffed || sniffed.mimeType !== declared) {
			return heyGenError(
				400,
				'invalid_parameter',
				`Stored bytes (${sniffed?.mimeType ?? 'unknown'}) do not match content_type ${upload.contentType}.`,
				'content_type',
			);
		}
		const checksum = (body as { checksum_sha256?: string | null }).checksum_sha256;
		if (
			checksum &&
			checksum !== (upload.sha256 ?? createHash('sha256').update(upload.received).digest('hex'))
		) {
			return heyGenError(
				400,
				'invalid_parameter',
				'checksum_sha256 does not match the uploaded bytes.',
				'checksum_sha256',
			);
		}
		let asset = state.assets.get(upload.assetId);
		if (!asset) {
			asset = {
				id: upload.assetId,
				name: upload.filename,
				mimeType: sniffed.mimeType,
				kind: sniffed.kind,
				bytes: upload.received,
				uploadedAt: Math.floor(Date.now() / 1000),
				via: 'direct',
				...(upload.put && upload.put.bytes !== upload.received.length
					? { sizeBytes: upload.put.bytes }
					: {}),
				...(state.assetProcessingMs > 0 ? { readyAt: Date.now() + state.assetProcessingMs } : {}),
				...(state.assetProcessingFails ? { processingFails: true } : {}),
			};
			state.assets.set(asset.id, asset);
			upload.completed = true;
		}
		// idempotent: a repeated call answers the asset's current state
		const status = processingStatus(asset);
		return {
			body: {
				data: {
					...uploaded(state, asset),
					status: status === 'completed' ? state.completeReadyStatus : status,
				},
			},
		};
	});
}
