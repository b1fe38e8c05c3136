import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** One operation file under `actions/<resource>/<operation>.operation.ts`. */
export interface OperationModule {
	description: INodeProperties[];
	/** Runs the operation for one input item and returns its output items (pairedItem is added). */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
	/** How many items may run at once (default 1: one after another). */
	concurrency?: (this: IExecuteFunctions) => number;
	/**
	 * Optional whole-batch path, tried before the per-item loop: returns the node's output when
	 * the operation handles all items at once (e.g. pausing the execution for a callback), or
	 * undefined to fall through to `execute` per item.
	 */
	executeBatch?: (this: IExecuteFunctions) => Promise<INodeExecutionData[][] | undefined>;
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

/**
 * Reads resource/operation, runs the operation for every input item (optionally several at once)
 * and returns the outputs in input order. With "Continue On Fail" a failing item becomes an error
 * item paired with its input; otherwise the first failure stops the node.
 */
export async function route(
	this: IExecuteFunctions,
	resources: ResourceMap,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation] as OperationModule | undefined;
	if (!op || typeof op.execute !== 'function') {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	if (op.executeBatch) {
		const batch = await op.executeBatch.call(this);
		if (batch) return batch;
	}
	const concurrency = Math.max(1, Math.floor(op.concurrency?.call(this) ?? 1));
	const results: INodeExecutionData[][] = new Array(items.length);
	let failure: { index: number; error: NodeApiError | NodeOperationError } | undefined;
	let next = 0;

	const runOne = async (i: number) => {
		try {
			const out = await op.execute.call(this, i);
			results[i] = out.map((item) => ({ ...item, pairedItem: item.pairedItem ?? { item: i } }));
		} catch (error) {
			const nodeError = asNodeError(this, error, i);
			if (this.continueOnFail()) {
				const json: JsonObject = { error: nodeError.message, itemIndex: i };
				if (nodeError.description) json.description = nodeError.description;
				if (nodeError instanceof NodeApiError && nodeError.httpCode)
					json.httpCode = nodeError.httpCode;
				results[i] = [{ json, pairedItem: { item: i } }];
			} else if (!failure || i < failure.index) {
				failure = { index: i, error: nodeError };
			}
		}
	};

	const worker = async () => {
		while (next < items.length && !failure) {
			const i = next++;
			await runOne(i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	if (failure) throw failure.error;
	return [results.flat()];
}
