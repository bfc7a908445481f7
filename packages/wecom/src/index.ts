export {
  catalogueEntries,
  describeErrcode,
  TRANSPORT_ERROR,
  type CatalogueEntry,
  type WecomErrorKind,
} from './errors/catalogue';
export { WecomError, isWecomError } from './errors/wecom-error';
export { WecomClient, type WecomClientOptions, type UserInfoReply } from './client/wecom-client';
export { withRetries, type RetryPolicy } from './client/retry';
// The neutral parts moved to @kequn/upstream; re-exported so every import of them keeps working.
export {
  DEFAULT_CACHE_POLICY,
  Failover,
  MemoryStore,
  RedisStore,
  ResilientStore,
  realSleep,
  silentLogger,
  systemClock,
  type CachePolicy,
  type Clock,
  type Credential,
  type CredentialStore,
  type Logger,
  type Sleep,
  type StoreState,
} from '@kequn/upstream';
export { HOURLY_QUOTA, QuotaCounter, type QuotaScope } from './credentials/quota';
export {
  WecomCredentials,
  type AppIdentity,
  type CredentialKind,
  type CredentialStatus,
  type CredentialsOptions,
  type LookupResult,
} from './credentials/wecom-credentials';
export { signJsapi, createNonce, type JsapiSignature, type SignInput } from './signing/jsapi-signature';
