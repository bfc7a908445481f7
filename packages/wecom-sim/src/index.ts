export { createSimulator, type Simulator, type SimulatorOptions } from './app';
export { startSimulator, type StartOptions, type StartedSimulator } from './server';
export { createSimClock, type AdjustableClock, type ManualClock, type SimClock } from './clock';
export {
  DEMO_CORP,
  DEMO_CALLBACK_TOKEN,
  DEMO_CALLBACK_ENCODING_AES_KEY,
  type DemoCorpConfig,
  type SimApp,
} from './corp/config';
export { DEMO_CHAT_IDS, DEMO_CUSTOMER_IDS, DEMO_DEFAULT_USER, demoSeed } from './corp/demo-seed';
export { DEMO_POOL_CHAT_IDS, DEMO_POOL_CUSTOMER_ID, demoPoolSeed } from './corp/demo-pool';
export type { CorpSeedInput } from './corp/schema';
export { SimState } from './state';
export {
  buildCallbackPush,
  type BuildCallbackPushInput,
  type CallbackPush,
  type CallbackTarget,
} from './callbacks/push';
export { changeExternalChatXml, deleteUserXml } from './callbacks/xml';
export { jsapiSignature, type JsapiSignInput } from './client-api/jsapi-signature';
export { simControl, SimControlError, type SimControl } from './control/client';
export type { GroupEvent, GroupStatus } from './groups/model';
export { TRANSFER_ERRCODES } from './groups/transfer';
