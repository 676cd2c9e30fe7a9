import { WorkerBridge } from '../worker/bridge.ts';

/** The app's one worker bridge (see web/worker/bridge.ts). */
export const bridge = new WorkerBridge();
