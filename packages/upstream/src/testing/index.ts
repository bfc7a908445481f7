export { createFakeClock, type FakeClock } from './fake-clock';
export { TestUpstreamError, isTestUpstreamError, readTestFailure } from './test-error';
export { testRedisStore, type TestRedis } from './test-redis';
