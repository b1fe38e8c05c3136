/** The shipped example workflow is wired correctly and its ElevenLabs node runs as configured. */
import type { IDataObject } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadPackage, readBinary } from '../harness';
import { runTts } from './setup';
import { useSandbox } from '../setup/sandbox';

const example = JSON.parse(
	readFileSync(
		path.resolve(__dirname, '../../examples/elevenlabs-text-to-voice-file.json'),
		'utf8',
	),
) as {
	nodes: Array<{
		name: string;
		type: string;
		typeVersion: number;
		parameters: Record<string, unknown>;
		credentials?: unknown;
	}>;
	connections: Record<string, unknown>;
};

const box = useSandbox();

describe('examples/elevenlabs-text-to-voice-file.json', () => {
	const byType = (t: string) => example.nodes.find((n) => n.type === t)!;

	it('is Manual Trigger → Set → ElevenLabs → Read/Write Files (write), with a sticky note', () => {
		expect(byType('n8n-nodes-base.manualTrigger')).toBeDefined();
		expect(byType('n8n-nodes-base.set')).toBeDefined();
		expect(byType('n8n-nodes-base.stickyNote').parameters.content).toMatch(/Credentials/);
		const write = byType('n8n-nodes-base.readWriteFile');
		expect(write.typeVersion).toBe(1);
		expect(write.parameters).toMatchObject({ operation: 'write', dataPropertyName: 'data' });
		const el = byType('n8n-nodes-heygen-elevenlabs.elevenLabs');
		expect(el.credentials).toEqual({
			heygenElevenlabsElevenLabsApi: { id: 'elevenLabsCred01', name: 'ElevenLabs account' },
		});
		const chain = [
			'n8n-nodes-base.manualTrigger',
			'n8n-nodes-base.set',
			'n8n-nodes-heygen-elevenlabs.elevenLabs',
			'n8n-nodes-base.readWriteFile',
		];
		for (let k = 0; k < chain.length - 1; k++) {
			const from = byType(chain[k]).name;
			const to = byType(chain[k + 1]).name;
			expect(example.connections[from]).toEqual({ main: [[{ node: to, type: 'main', index: 0 }]] });
		}
	});

	it('uses only parameters the node defines, and produces the file the write node expects', async () => {
		const el = byType('n8n-nodes-heygen-elevenlabs.elevenLabs');
		const loader = await loadPackage();
		const names = new Set(
			(
				loader.getNode('elevenLabs').type as {
					description: { properties: Array<{ name: string }> };
				}
			).description.properties.map((p) => p.name),
		);
		for (const key of Object.keys(el.parameters)) expect(names.has(key)).toBe(true);
		const set = byType('n8n-nodes-base.set').parameters as {
			assignments: { assignments: Array<{ name: string; value: string }> };
		};
		const json: IDataObject = Object.fromEntries(
			set.assignments.assignments.map((a) => [a.name, a.value]),
		);
		const { items, error } = await runTts(box.get(), el.parameters as IDataObject, {
			input: [{ json }],
		});
		expect(error).toBeUndefined();
		expect(items[0].binary!.data.fileName).toBe('welcome.mp3');
		expect((await readBinary(items[0].binary!.data)).length).toBeGreaterThan(1000);
	});
});
