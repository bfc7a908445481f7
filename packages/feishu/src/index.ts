export {
  createFeishuClient,
  FEISHU_DOMAIN,
  LARK_DOMAIN,
  type AddMembersResult,
  type AuthorizedCall,
  type CreateChatInput,
  type CreatedChat,
  type FeishuChat,
  type FeishuClient,
  type FeishuClientOptions,
  type FeishuCredentialKind,
  type FeishuMember,
  type MessageTarget,
  type SentMessage,
} from './client/feishu-client';
export { FeishuHttp, apiName, type FeishuHttpOptions } from './client/http';
export {
  describeFeishuCode,
  feishuCatalogueEntries,
  FEISHU_THROTTLED,
  FEISHU_TRANSPORT_ERROR,
  type FeishuCatalogueEntry,
  type FeishuErrorKind,
} from './errors/catalogue';
export { FeishuError, isFeishuError, type FeishuErrorDetail } from './errors/feishu-error';
export {
  verifyFeishuEvent,
  type FeishuEvent,
  type FeishuEventRejection,
  type FeishuVerification,
  type VerifyFeishuEventInput,
} from './events/verify';
