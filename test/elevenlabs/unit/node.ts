/** A node for the errors of the pure helpers (they only name it). */
import type { INode } from 'n8n-workflow';

export const node: INode = {
	id: 'unit',
	name: 'ElevenLabs',
	type: 'elevenLabs',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
