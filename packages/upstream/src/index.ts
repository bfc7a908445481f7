export { systemClock, realSleep, silentLogger, type Clock, type Sleep, type Logger } from './runtime/types';
export { Failover, type StoreState } from './runtime/failover';
export type { Credential, CredentialStore } from './credentials/store';
export { MemoryStore } from './credentials/memory-store';
export { RedisStore } from './credentials/redis-store';
export { ResilientStore } from './credentials/resilient-store';
export { DEFAULT_CACHE_POLICY, type CachePolicy } from './credentials/policy';
export {
  CachedCredential,
  type CachedCredentialDeps,
  type CredentialStatus,
  type FailureReader,
  type Fetched,
  type LookupResult,
} from './credentials/cached-credential';
export {
  failureReader,
  type UpstreamCatalogueEntry,
  type UpstreamErrorKind,
  type UpstreamFailure,
} from './errors/kinds';
