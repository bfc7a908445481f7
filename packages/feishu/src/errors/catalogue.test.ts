import { describe, expect, it } from 'vitest';
import { describeFeishuCode, feishuCatalogueEntries } from './catalogue';
import { FeishuError } from './feishu-error';

describe('Feishu error catalogue', () => {
  it.each([
    [232001, 'input', false],
    [232002, 'permission', false],
    [232009, 'input', false],
    [232012, 'input', false],
    [232016, 'permission', false],
    [232019, 'quota', true],
    [232022, 'input', false],
    [232024, 'permission', false],
    [232025, 'config', false],
    [232030, 'input', false],
    [232032, 'input', false],
    [232033, 'permission', false],
    [232034, 'config', false],
    [232043, 'input', false],
    [232068, 'transient', true],
    [232069, 'input', false],
    [99991400, 'quota', true],
    [99991663, 'token_invalid', false],
    [99991661, 'token_invalid', false],
    [10003, 'config', false],
    [10014, 'config', false],
  ] as const)('maps %i to kind %s (retryable %s)', (code, kind, retryable) => {
    const entry = describeFeishuCode(code);
    expect(entry).toMatchObject({ kind, retryable });
    expect(entry.code).toMatch(/^feishu_[a-z_]+$/);
    expect(entry.httpStatus).toBe(kind === 'quota' || kind === 'transient' ? 503 : 502);
  });

  it('gives every stable code one meaning, and unknown codes a generic entry', () => {
    const byCode = new Map<string, string>();
    for (const [, e] of feishuCatalogueEntries()) {
      const seen = byCode.get(e.code);
      if (seen) expect(seen).toBe(e.kind);
      byCode.set(e.code, e.kind);
    }
    expect(describeFeishuCode(1234567)).toMatchObject({ code: 'feishu_error', kind: 'unknown', httpStatus: 502 });
  });

  it('has the public shape of WecomError and a message without the upstream wording', () => {
    const err = FeishuError.fromCode('im.chat.create', 232043, { ids: ['ou_1'] });
    expect(err).toMatchObject({
      name: 'FeishuError',
      code: 'feishu_ids_unavailable',
      kind: 'input',
      retryable: false,
      httpStatus: 502,
      ids: ['ou_1'],
    });
    expect(err.fix).toBeTruthy();
    expect(err.message).toMatch(/^im\.chat\.create: /);
  });
});
