import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import * as history from './history';
import * as model from './model';
import * as speech from './speech';
import * as user from './user';
import * as voice from './voice';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { model, speech, user, voice, history });
}
