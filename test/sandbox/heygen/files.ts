/**
 * The file host behind the URLs the API hands out (mounted under /files, outside /heygen):
 *   /files/public/{name}              files a test publishes (HeyGenState.addPublicFile), for
 *                                     audio_url / image URLs and URL uploads; can refuse HEAD or
 *                                     answer 403 like an auth-walled share page
 *   /files/assets/{asset_id}/{name}   an uploaded asset's bytes (the asset `url`)
 *   /files/{kind}/{file}              presigned, expiring URLs of a rendered video: videos/, the
 *                                     captioned video, subtitles/ (SRT) and thumbnails/
 *                                     (HeyGenState.presign); an expired or foreign signature is a
 *                                     403 AccessDenied like S3's
 * GET and HEAD, with single `Range: bytes=a-b` requests answered 206. The v3 video URLs are
 * presigned and expire; a 403/404 means "re-GET the video for fresh URLs"
 * (https://developers.heygen.com/reference/get-video; heygen-cli `cmd/heygen/video_download.go`).
 */
import type http from 'node:http';

import { fixture, renderedVideo } from '../media';
import type { SandboxReply, SandboxRequest, SandboxServer } from '../server';
import { queryString } from '../server';
import { liveAsset } from './assets';
import type { HeyGenState, SandboxVideo } from './state';

/** An S3-style XML error, as presigned upload and download URLs answer. */
export function s3Error(status: number, code: string, message: string): SandboxReply {
	return {
		status,
		headers: { 'content-type': 'application/xml' },
		body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
	};
}

function serveBytes(req: SandboxRequest, body: Buffer, contentType: string): SandboxReply {
	const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
	if (range) {
		const start = Number(range[1]);
		const end = Math.min(body.length - 1, range[2] ? Number(range[2]) : body.length - 1);
		return {
			status: 206,
			headers: {
				'content-type': contentType,
				'content-range': `bytes ${start}-${end}/${body.length}`,
				'accept-ranges': 'bytes',
			},
			body: body.subarray(start, end + 1),
		};
	}
	return {
		status: 200,
		headers: {
			'content-type': contentType,
			'content-length': body.length,
			'accept-ranges': 'bytes',
		},
		body,
	};
}

export function installFiles(server: SandboxServer, state: HeyGenState): void {
	for (const method of ['GET', 'HEAD']) {
		server.route(method, 'files', '/public/{name}', (req) => {
			const file = state.publicFiles.get(req.params.name);
			if (!file)
				return {
					status: 404,
					headers: { 'content-type': 'text/html' },
					body: '<html><title>Not Found</title></html>',
				};
			if (file.status)
				return {
					status: file.status,
					headers: { 'content-type': 'text/html' },
					body: '<html><title>Denied</title></html>',
				};
			if (req.method === 'HEAD' && file.headStatus) return { status: file.headStatus, body: '' };
			return serveBytes(req, file.body, file.contentType);
		});

		server.route(method, 'files', '/assets/{asset_id}/{name}', (req) => {
			const a = liveAsset(state, req.params.asset_id);
			if (!a) return { status: 404, body: '' };
			return serveBytes(req, a.bytes, a.mimeType);
		});

		server.route(method, 'files', '/{kind}/{file}', (req, res) => {
			const sig = state.signatures.get(queryString(req.query, 'X-Amz-Signature') ?? '');
			const file = `${req.params.kind}/${req.params.file}`;
			if (!sig || sig.file !== file) return s3Error(403, 'AccessDenied', 'Invalid signature');
			if (Date.now() > sig.expiresAt) return s3Error(403, 'AccessDenied', 'Request has expired');
			const m = /^([^._]+)(_captioned)?\.(mp4|webm|srt|jpg|gif)$/.exec(req.params.file);
			const video = m ? state.videos.get(m[1]) : undefined;
			if (!m || !video || video.deleted) return { status: 404, body: '' };
			if (req.params.kind === 'videos') {
				const media = renderedVideo(video.aspectRatio, video.outputFormat);
				if (state.renderedVideoBytes && media.contentType === 'video/mp4') {
					streamPadded(
						res,
						req.method === 'HEAD',
						media.body,
						state.renderedVideoBytes,
						media.contentType,
					);
					return;
				}
				return serveBytes(req, media.body, media.contentType);
			}
			if (req.params.kind === 'subtitles')
				return serveBytes(req, Buffer.from(subtitleFor(video)), 'application/x-subrip');
			if (req.params.kind === 'thumbnails')
				return serveBytes(req, fixture('image.jpg'), 'image/jpeg');
			return { status: 404, body: '' };
		});
	}
}

/** Streams `head` followed by zeros up to `size` bytes, honouring backpressure (nothing buffered). */
function streamPadded(
	res: http.ServerResponse,
	headOnly: boolean,
	head: Buffer,
	size: number,
	contentType: string,
): void {
	res.writeHead(200, {
		'content-type': contentType,
		'content-length': size,
		'accept-ranges': 'none',
	});
	if (headOnly) {
		res.end();
		return;
	}
	const zeros = Buffer.alloc(256 * 1024);
	let sent = 0;
	const pump = () => {
		while (sent < size) {
			const chunk =
				sent < head.length
					? head.subarray(sent, Math.min(head.length, size))
					: zeros.subarray(0, Math.min(zeros.length, size - sent));
			sent += chunk.length;
			if (!res.write(chunk)) {
				res.once('drain', pump);
				return;
			}
		}
		res.end();
	};
	res.on('error', () => undefined);
	pump();
}

function subtitleFor(v: SandboxVideo): string {
	return `1\n00:00:00,000 --> 00:00:01,000\n${v.script ?? 'Audio'}\n`;
}
