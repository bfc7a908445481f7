export { createFeishuSimulator, CONTROL_PREFIX, type FeishuSimulator, type FeishuSimulatorOptions } from './app';
export { startFeishuSimulator, type StartFeishuOptions, type StartedFeishuSimulator } from './server';
export { createSimClock, type AdjustableClock, type ManualClock, type SimClock } from './clock';
export { DEMO_FEISHU, DEMO_FEISHU_CUSTOMERS, DEMO_FEISHU_STAFF, demoFeishuSeed } from './tenant/demo';
export type { FeishuSeedInput } from './tenant/schema';
export type { FeishuSimSettings } from './settings';
export { FeishuSimState } from './state';
export {
  feishuSimControl,
  FeishuSimControlError,
  type FeishuSimControl,
  type ChatView,
  type DirectoryView,
  type PersonChatView,
  type SettingsView,
} from './control/client';
export type { MessageView } from './control/world-routes';
export type { Fault, FaultSpec } from './control/faults';
export type { ChatCreateFault } from './control/schemas';
export type { DeliveryRecord, DeliveryOptions, ProbeResult } from './events/dispatcher';
export {
  buildEventPush,
  decryptEvent,
  encryptEvent,
  larkSignature,
  type BuildEventPushInput,
  type EventPush,
} from './events/crypto';
export type { FeishuEvent, UrlVerification, V1Envelope, V2Envelope } from './events/envelopes';
