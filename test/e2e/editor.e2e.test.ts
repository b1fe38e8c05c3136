/**
 * The n8n editor in a real browser (Debian's Chromium driven by playwright-core): log in as the
 * owner, add each of our nodes from the node panel, check the parameters render (including the
 * lists n8n loads from the sandbox through the nodes' loadOptions / listSearch methods) and save a
 * screenshot of each into artifacts/screenshots/.
 *
 * Needs /usr/bin/chromium (scripts/ci-install-chromium.sh; override with CHROMIUM_PATH). Without it
 * the suite is skipped locally and fails in CI (CI=true).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import { loadExamples, REPO_DIR, startStack, type Stack } from '../../scripts/n8n/n8n';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_DIR, 'artifacts', 'screenshots');
const available = existsSync(CHROMIUM) || !!process.env.CI;
if (!available)
	console.warn(
		`editor check skipped: no browser at ${CHROMIUM} (run scripts/ci-install-chromium.sh)`,
	);
const suite = available ? describe : describe.skip;

let stack: Stack;
let browser: Browser;
let page: Page;

suite('n8n editor (Chromium)', () => {
	beforeAll(async () => {
		stack = await startStack();
		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(30_000);
		mkdirSync(SCREENSHOTS, { recursive: true });

		await page.goto(`${stack.n8n.baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', stack.n8n.owner.email);
		await page.fill('input[name="password"]', stack.n8n.owner.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.includes('signin'));
	}, 45 * 60_000);

	afterAll(async () => {
		await browser?.close().catch(() => undefined);
		await stack?.stop();
	});

	const shot = async (name: string) =>
		await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

	/** A fresh workflow with a manual trigger, so the node panel offers actions (not triggers). */
	async function newWorkflowWithTrigger() {
		await page.goto(`${stack.n8n.baseUrl}/workflow/new`);
		await page.getByTestId('canvas-plus-button').click();
		await page
			.getByTestId('node-creator-item-name')
			.filter({ hasText: /^Trigger manually$/ })
			.click();
		await page.getByTestId('canvas-trigger-node').first().waitFor();
		if (await page.getByTestId('ndv').isVisible())
			await page.getByTestId('ndv-close-button').click();
	}

	/** Node panel → search → our node → one of its actions; returns once the node's parameters show. */
	async function addFromNodePanel(search: string, action: RegExp) {
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill(search);
		await page
			.getByTestId('node-creator-item-name')
			.filter({ hasText: new RegExp(`^${search}$`) })
			.first()
			.click();
		await page.getByTestId('node-creator-item-name').filter({ hasText: action }).first().click();
		await page.getByTestId('ndv').waitFor();
		await page.getByTestId('node-parameters').waitFor();
	}

	const param = (name: string) => page.getByTestId('ndv').getByTestId(`parameter-input-${name}`);

	async function closeNdv() {
		await page.getByTestId('ndv-close-button').click();
		await page.getByTestId('ndv').waitFor({ state: 'hidden' });
	}

	it('ElevenLabs → Convert text to speech: credential, voice list, model list, text, format', async () => {
		await newWorkflowWithTrigger();
		await addFromNodePanel('ElevenLabs', /^Convert text to speech$/);
		const ndv = page.getByTestId('ndv');
		await expect(
			ndv.getByTestId('node-credentials-select').locator('input').inputValue(),
		).resolves.toBe('ElevenLabs account');
		for (const name of ['resource', 'operation', 'voice', 'modelId', 'text', 'outputFormat'])
			await expect(param(name).isVisible()).resolves.toBe(true);
		// the model list comes from GET /v1/models on the sandbox (loadOptions)
		await expect(param('modelId').locator('input').inputValue()).resolves.toBe(
			'Eleven Multilingual v2',
		);
		await expect(param('outputFormat').locator('input').inputValue()).resolves.toMatch(
			/MP3 44\.1 kHz 128 kbps/,
		);
		// the voice picker searches GET /v2/voices (listSearch)
		await ndv.getByTestId('resource-locator-voice').getByTestId('rlc-input').click();
		await page.getByText('Rachel', { exact: false }).first().waitFor();
		await shot('elevenlabs-text-to-speech');
		await page.keyboard.press('Escape');
		await closeNdv();
	});

	it('ElevenLabs → every action is offered and opens with its parameters; the voice picker shows labels', async () => {
		await newWorkflowWithTrigger();
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('ElevenLabs');
		await page
			.getByTestId('node-creator-item-name')
			.filter({ hasText: /^ElevenLabs$/ })
			.first()
			.click();
		await page
			.getByTestId('node-creator-item-name')
			.filter({ hasText: /^Transcribe audio or video$/ })
			.first()
			.waitFor();
		const offered = await page.getByTestId('node-creator-item-name').allInnerTexts();
		await shot('elevenlabs-actions');
		await page.keyboard.press('Escape');

		// [action, parameters ('text:' = a collection's "Add …" button), screenshot]
		const actions: Array<[string, string[], string?]> = [
			[
				'Transcribe audio or video',
				['source', 'binaryPropertyName', 'sttModelId'],
				'elevenlabs-speech-to-text',
			],
			[
				'Change the voice of a recording',
				['binaryPropertyName', 'voice', 'stsModelId', 'outputFormat'],
				'elevenlabs-speech-to-speech',
			],
			['Generate a sound effect', ['prompt', 'outputFormat'], 'elevenlabs-sound-effect'],
			['Isolate the voice in a recording', ['binaryPropertyName'], 'elevenlabs-isolate-voice'],
			['Get a voice', ['voice']],
			['Get many voices', ['returnAll', 'limit', 'text:Add filter']],
			[
				'Clone a voice from recordings',
				[
					'name',
					'samples',
					'binaryPropertyNames',
					'description',
					'text:Add label',
					'removeBackgroundNoise',
				],
				'elevenlabs-voice-clone',
			],
			[
				'Design a voice from a description',
				['voiceDescription', 'previewText', 'modelId', 'outputFormat'],
				'elevenlabs-voice-design',
			],
			[
				'Save a designed voice preview',
				['generatedVoiceId', 'voiceName', 'voiceDescription', 'text:Add label'],
			],
			['Update the settings of a voice', ['voice', 'text:Add setting']],
			['Delete a voice', ['voice']],
			['Get many models', ['resource', 'operation']],
			['Get the user account', ['resource', 'operation'], 'elevenlabs-user-get'],
			['Get subscription and character quota', ['resource', 'operation']],
			['Get many history items', ['returnAll', 'limit', 'text:Add filter'], 'elevenlabs-history'],
			['Get a history item', ['historyItem']],
			['Download the audio of a history item', ['historyItem']],
			['Delete a history item', ['historyItem']],
		];
		// Convert text to speech is opened by the test above
		expect(offered).toEqual(
			expect.arrayContaining(['Convert text to speech', ...actions.map(([action]) => action)]),
		);

		for (const [action, names, screenshot] of actions) {
			await addFromNodePanel('ElevenLabs', new RegExp(`^${action}$`));
			for (const name of names) {
				// a collection's "Add …" is a select whose placeholder may be an input's attribute
				const label = name.slice(5);
				const target = name.startsWith('text:')
					? page
							.getByTestId('ndv')
							.locator(`input[placeholder="${label}"], :text-is("${label}")`)
							.first()
					: param(name);
				const visible = await target
					.waitFor({ timeout: 5000 })
					.then(() => true)
					.catch(() => false);
				if (!visible) await shot(`failed-${name}`);
				expect({ action, name, visible }).toEqual({ action, name, visible: true });
			}
			if (names.includes('stsModelId'))
				// the speech-to-speech models come from GET /v1/models on the sandbox (loadOptions)
				await expect(param('stsModelId').locator('input').inputValue()).resolves.toBe(
					'Eleven Multilingual v2 (speech to speech)',
				);
			if (names.includes('sttModelId'))
				await expect(param('sttModelId').locator('input').inputValue()).resolves.toBe('Scribe V1');
			if (screenshot) await shot(screenshot);
			if (action === 'Delete a voice') {
				// the voice picker names voices by what people choose by: category and labels
				await page
					.getByTestId('ndv')
					.getByTestId('resource-locator-voice')
					.getByTestId('rlc-input')
					.click();
				await page
					.getByText('Rachel — premade · female · american', { exact: false })
					.first()
					.waitFor();
				await shot('elevenlabs-voice-picker-labels');
				await page.keyboard.press('Escape');
			}
			await closeNdv();
		}
	});

	it('HeyGen → Upload an asset, Generate an avatar video (look list), Wait for a video', async () => {
		await newWorkflowWithTrigger();
		await addFromNodePanel('HeyGen', /^Upload an asset$/);
		await expect(
			page.getByTestId('ndv').getByTestId('node-credentials-select').locator('input').inputValue(),
		).resolves.toBe('HeyGen account');
		for (const name of ['source', 'binaryPropertyName'])
			await expect(param(name).isVisible()).resolves.toBe(true);
		await shot('heygen-upload-asset');
		await closeNdv();

		await addFromNodePanel('HeyGen', /^Generate an avatar video$/);
		for (const name of ['source', 'avatarId', 'voiceSource', 'audioAssetId', 'waitForCompletion'])
			await expect(param(name).isVisible()).resolves.toBe(true);
		// the look picker searches GET /v3/avatars/looks on the sandbox (listSearch)
		await page
			.getByTestId('ndv')
			.getByTestId('resource-locator-avatarId')
			.getByTestId('rlc-input')
			.click();
		await page.getByText('Abigail Office 1', { exact: false }).first().waitFor();
		await shot('heygen-generate-video');
		// a look picked, the fields under it show their defaults: Aspect Ratio 9:16, Don't Wait
		await page.getByText('Abigail Office 1', { exact: false }).first().click();
		await expect(param('aspectRatio').locator('input').inputValue()).resolves.toBe(
			'9:16 (Vertical)',
		);
		await expect(param('waitForCompletion').locator('input').inputValue()).resolves.toBe(
			"Don't Wait",
		);
		await shot('heygen-generate-video-panel');
		await closeNdv();

		await addFromNodePanel('HeyGen', /^Wait for a video to finish rendering$/);
		for (const name of ['videoId', 'download'])
			await expect(param(name).isVisible()).resolves.toBe(true);
		await shot('heygen-wait-for-completion');
		await closeNdv();
	});

	it('every example opens on the canvas with all its nodes and sticky notes, none flagged', async () => {
		for (const { file, workflow } of loadExamples()) {
			const { id } = await stack.importWorkflow(workflow);
			await page.goto(`${stack.n8n.baseUrl}/workflow/${id}`);
			const nodes = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
			await page
				.getByTestId('canvas-node')
				.nth(nodes.length - 1)
				.waitFor();
			await page.waitForTimeout(500);
			for (const node of nodes)
				await expect(
					page.getByTestId('canvas-node').filter({ hasText: node.name }).count(),
				).resolves.toBeGreaterThan(0);
			// each sticky note's heading is rendered on the canvas
			for (const sticky of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote')) {
				const heading = String(sticky.parameters.content)
					.split('\n')[0]
					.replace(/^#+\s*/, '')
					.trim();
				await expect(
					page.getByTestId('canvas').getByText(heading, { exact: false }).first().isVisible(),
				).resolves.toBe(true);
			}
			// "node-issues" marks unknown node types, missing credentials or invalid parameters
			await expect(page.getByTestId('node-issues').count()).resolves.toBe(0);
			await shot(`example-${file.replace(/\.json$/, '')}`);
		}
	});

	it('the starter as shipped: n8n marks its two empty pickers (Voice, Avatar Look) on the canvas', async () => {
		const starter = loadExamples().find((e) => e.file === 'heygen-elevenlabs-starter.json');
		if (!starter) throw new Error('examples/heygen-elevenlabs-starter.json missing');
		const { id } = await stack.importWorkflow(
			{ ...starter.workflow, name: `${starter.workflow.name} (as shipped)` },
			{ fillPickers: false },
		);
		await page.goto(`${stack.n8n.baseUrl}/workflow/${id}`);
		const nodes = starter.workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
		await page
			.getByTestId('canvas-node')
			.nth(nodes.length - 1)
			.waitFor();
		await page.getByTestId('node-issues').first().waitFor();
		await page.waitForTimeout(500);
		await expect(page.getByTestId('node-issues').count()).resolves.toBe(2);
		for (const name of ['Text to Speech', 'Generate Video (9:16)'])
			await expect(
				page
					.getByTestId('canvas-node')
					.filter({ hasText: name })
					.getByTestId('node-issues')
					.count(),
			).resolves.toBe(1);
		await shot('example-heygen-elevenlabs-starter-as-shipped');
	});

	it('HeyGen Trigger: offered as a trigger on an empty canvas', async () => {
		await page.goto(`${stack.n8n.baseUrl}/workflow/new`);
		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('HeyGen');
		await page
			.getByTestId('node-creator-item-name')
			.filter({ hasText: /^HeyGen$/ })
			.first()
			.click();
		await page
			.getByTestId('node-creator-item-name')
			.filter({ hasText: /^On avatar video (success|completed)$/i })
			.first()
			.click();
		await page.getByTestId('ndv').waitFor();
		await expect(
			page.getByTestId('ndv').getByTestId('node-credentials-select').locator('input').inputValue(),
		).resolves.toBe('HeyGen account');
		await expect(param('events').isVisible()).resolves.toBe(true);
		await shot('heygen-trigger');
		await closeNdv();
	});
});
