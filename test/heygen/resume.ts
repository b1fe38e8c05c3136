/**
 * What n8n 2.41 does with an execution that a node put to wait (putExecutionToWait), replayed
 * in-process with n8n-core's own WorkflowExecute over the execution data as the database keeps it
 * (a JSON copy):
 * - waiting webhook (the resume URL was called and the node's webhook() returned workflowData):
 *   n8n's WaitingWebhooks disables the waiting node, clears waitTill and drops the node's run from
 *   before the wait (getWebhookExecutionData, preserveInputOverride), and webhook-helpers'
 *   prepareExecutionData puts workflowData in the node's place with forwardAllOutputs;
 * - wait time passed (n8n's WaitTracker): the execution data as stored; WorkflowExecute's
 *   handleWaitingState disables the node and drops its run from before the wait, so the node is
 *   not run again and its input items go on.
 * Either way the waiting node (disabled) passes its data on to the next node.
 */
import type {
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	IRun,
	IRunExecutionData,
} from 'n8n-workflow';
import { WorkflowExecute } from 'n8n-core';

import { buildWorkflow, type WorkflowNodeSpec } from '../harness';

export async function continueWaitingExecution(opts: {
	run: IRun;
	nodes: WorkflowNodeSpec[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** What the node's webhook() returned; undefined: the wait time passed. */
	workflowData?: INodeExecutionData[][];
}): Promise<IRun> {
	const data = JSON.parse(JSON.stringify(opts.run.data)) as IRunExecutionData;
	if (opts.workflowData) {
		const entry = data.executionData!.nodeExecutionStack[0];
		entry.node.disabled = true;
		data.waitTill = undefined;
		data.resultData.runData[data.resultData.lastNodeExecuted!].pop();
		entry.data.main = opts.workflowData;
		entry.metadata = { ...entry.metadata, forwardAllOutputs: true };
	} else {
		// the stored execution as the WaitTracker loads it: still with its waitTill
		data.waitTill = new Date(opts.run.waitTill!);
	}
	const { workflow, additionalData, hooks } = await buildWorkflow({
		nodes: opts.nodes,
		credentials: opts.credentials,
	});
	const done = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));
	await new WorkflowExecute(additionalData, 'manual', data).processRunExecutionData(workflow);
	return await done;
}
