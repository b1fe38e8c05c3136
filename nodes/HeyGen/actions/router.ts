import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import * as asset from './asset';
import * as avatar from './avatar';
import * as lipsync from './lipsync';
import * as template from './template';
import * as user from './user';
import * as video from './video';
import * as videoTranslation from './videoTranslation';
import * as voice from './voice';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, {
		asset,
		avatar,
		lipsync,
		template,
		user,
		video,
		videoTranslation,
		voice,
	});
}
