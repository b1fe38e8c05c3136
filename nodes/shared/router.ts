import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What one input item came to: its output items, or the error it failed with. */
export type ItemResult = INodeExecutionData[] | Error;

/** One operation file under `actions/<resource>/<operation>.operation.ts`. */
export interface OperationModule {
	description: INodeProperties[];
	/** Runs the operation for one input item. */
	execute?(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
	/**
	 * Runs the operation for all input items at once (e.g. one wait loop for all their videos):
	 * one result per input item, in input order.
	 */
	executeBatch?(this: IExecuteFunctions): Promise<ItemResult[]>;
	/** How many items `execute` may run at once (default 1: one after another). */
	concurrency?: (this: IExecuteFunctions) => number;
}

/** `{ resource: module }` where each module exports its operations (and its `description`). */
export type ResourceMap = Record<string, Record<string, unknown>>;

function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context) error.context.itemIndex ??= itemIndex;
		return error;
	}
	const wrapped = new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	if (!wrapped.message?.trim()) {
		// n8n blanks the message of some network errors (e.g. a stream cut off with ECONNRESET)
		const raw = (error ?? {}) as { message?: unknown; code?: unknown };
		const text =
			typeof raw.message === 'string' && raw.message.trim() ? raw.message.trim() : 'Unknown error';
		const code = typeof raw.code === 'string' ? raw.code : undefined;
		wrapped.message = code
			? `The connection was cut off before the transfer finished (${code}: ${text})`
			: text;
	}
	return wrapped;
}

/** Runs `execute` per item, `concurrency` at a time; without Continue On Fail the first failure stops new items. */
async function executeEach(
	ctx: IExecuteFunctions,
	op: OperationModule & Required<Pick<OperationModule, 'execute'>>,
	count: number,
): Promise<ItemResult[]> {
	const results: ItemResult[] = new Array(count);
	const concurrency = Math.max(1, Math.floor(op.concurrency?.call(ctx) ?? 1));
	let failed = false;
	let next = 0;
	const worker = async () => {
		while (next < count && !failed) {
			const i = next++;
			try {
				results[i] = await op.execute.call(ctx, i);
			} catch (error) {
				results[i] = error as Error;
				failed = !ctx.continueOnFail();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return results;
}

/**
 * Reads resource/operation, runs the operation for the input items and returns the outputs in
 * input order, each paired with its input item. With "Continue On Fail" a failing item becomes an
 * error item; otherwise the first failure (in input order) stops the node.
 */
export async function route(
	this: IExecuteFunctions,
	resources: ResourceMap,
): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation] as OperationModule | undefined;
	let results: ItemResult[];
	if (op?.executeBatch) results = await op.executeBatch.call(this);
	else if (op?.execute) results = await executeEach(this, { ...op, execute: op.execute }, count);
	else
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		const result = results[i];
		if (result === undefined) continue;
		if (!(result instanceof Error)) {
			for (const item of result)
				output.push({ ...item, pairedItem: item.pairedItem ?? { item: i } });
			continue;
		}
		const error = asNodeError(this, result, i);
		if (!this.continueOnFail()) throw error;
		const json: JsonObject = { error: error.message, itemIndex: i };
		if (error.description) json.description = error.description;
		if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
		output.push({ json, pairedItem: { item: i } });
	}
	return [output];
}
