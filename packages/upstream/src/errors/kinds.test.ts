import { describe, expect, it } from 'vitest';
import { isTestUpstreamError, TestUpstreamError } from '../testing/test-error';
import { failureReader } from './kinds';

describe('failureReader', () => {
  const read = failureReader(isTestUpstreamError);

  it('holds configuration and quota errors, records the others by code', () => {
    expect(read(new TestUpstreamError('x_secret', 'config'))).toEqual({ code: 'x_secret', hold: true });
    expect(read(new TestUpstreamError('x_quota', 'quota'))).toEqual({ code: 'x_quota', hold: true });
    expect(read(new TestUpstreamError('x_busy', 'transient'))).toEqual({ code: 'x_busy', hold: false });
  });

  it('ignores errors that are not the platform’s own', () => {
    expect(read(Object.assign(new Error('boom'), { code: 'ECONNRESET', kind: 'config' }))).toBeNull();
    expect(read('boom')).toBeNull();
  });
});
