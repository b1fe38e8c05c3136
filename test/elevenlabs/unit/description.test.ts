/** Every operation's parameters show only for that operation (updateDisplayOptions in each file). */
import type { INodeProperties } from 'n8n-workflow';

import { ElevenLabs } from '../../../nodes/ElevenLabs/ElevenLabs.node';

const properties = new ElevenLabs().description.properties;
const operations = properties.filter((p) => p.name === 'operation');
const parameters = properties.filter((p) => p.name !== 'resource' && p.name !== 'operation');

const show = (p: INodeProperties) => p.displayOptions?.show ?? {};

describe('ElevenLabs node description', () => {
	it('has one operation selector per resource', () => {
		expect(operations.map((p) => show(p).resource)).toEqual([
			['speech'],
			['voice'],
			['model'],
			['user'],
			['history'],
		]);
	});

	it('shows each parameter for exactly one resource and one of its operations', () => {
		for (const parameter of parameters) {
			const { resource, operation } = show(parameter);
			expect(resource).toHaveLength(1);
			expect(operation).toHaveLength(1);
			const selector = operations.find((p) => show(p).resource?.[0] === resource?.[0]);
			const values = (selector?.options ?? []).map((o) => (o as { value: string }).value);
			expect(values).toContain(operation?.[0]);
		}
	});

	it('keeps a parameter’s own conditions next to its operation’s', () => {
		const limits = parameters.filter((p) => p.name === 'limit');
		expect(limits.map(show)).toEqual([
			{ returnAll: [false], resource: ['voice'], operation: ['getMany'] },
			{ returnAll: [false], resource: ['model'], operation: ['getMany'] },
			{ returnAll: [false], resource: ['history'], operation: ['getMany'] },
		]);
		const returnAll = parameters.filter((p) => p.name === 'returnAll');
		expect(returnAll.map((p) => [show(p).resource, p.default])).toEqual([
			[['voice'], false],
			[['model'], true],
			[['history'], false],
		]);
	});

	it('names the output file field alike in every operation that outputs a file', () => {
		const collections = parameters.filter((p) => p.name === 'options');
		const outputFields = collections.flatMap((c) =>
			((c.options ?? []) as INodeProperties[])
				.filter((o) => /output/i.test(o.displayName) || /output/i.test(o.name))
				.map((o) => [show(c).operation?.[0], o.displayName, o.name, o.default]),
		);
		expect(outputFields).toEqual(
			[
				'textToSpeech',
				'speechToSpeech',
				'soundEffect',
				'isolateVoice',
				'design',
				'downloadAudio',
			].map((operation) => [operation, 'Put Output File in Field', 'binaryPropertyOutput', 'data']),
		);
	});

	it('lists the options of every Options collection in alphabetical order', () => {
		for (const collection of parameters.filter((p) => p.name === 'options')) {
			const names = ((collection.options ?? []) as INodeProperties[]).map((o) => o.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('gives every operation the Retry option', () => {
		for (const selector of operations) {
			for (const option of selector.options as Array<{ value: string }>) {
				const collection = parameters.find(
					(p) =>
						p.name === 'options' &&
						show(p).resource?.[0] === show(selector).resource?.[0] &&
						show(p).operation?.[0] === option.value,
				);
				const names = ((collection?.options ?? []) as INodeProperties[]).map((o) => o.name);
				expect(names).toContain('retry');
			}
		}
	});
});
