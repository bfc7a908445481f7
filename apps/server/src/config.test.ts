import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const real = {
  WECOM_CORP_ID: 'ww1234567890abcdef',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'a-secret-of-the-app-xxxxxxxx',
  PUBLIC_URL: 'https://h5.example.com/',
  SESSION_SECRET: 's'.repeat(32),
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('loadConfig', () => {
  it('runs in demo mode with no WeCom settings and embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      trustProxy: false,
      metricsToken: null,
      wecom: null,
      redisUrl: null,
      databaseUrl: null,
      publicUrl: null,
      databaseSchema: 'public',
      dataDir: '.data',
      apiKeys: [],
      webhook: null,
      callback: null,
      defaultGroupMembers: [],
      adminUserIds: [],
      reconcileIntervalMs: 600_000,
    });
  });

  it('reads a real corp and normalises PUBLIC_URL and TRUSTED_ORIGINS', () => {
    const config = loadConfig({ ...real, TRUSTED_ORIGINS: 'https://a.example.com/path, http://b.example.com:8080' });
    expect(config.wecom).toMatchObject({
      corpId: real.WECOM_CORP_ID,
      agentId: '1000002',
      apiBase: 'https://qyapi.weixin.qq.com',
    });
    expect(config.publicUrl).toBe('https://h5.example.com');
    expect(config.trustedOrigins).toEqual(['https://a.example.com', 'http://b.example.com:8080']);
  });

  it('names every missing or malformed variable at once, and never echoes a secret', () => {
    const found = problems({
      WECOM_CORP_ID: 'ww1234567890',
      WECOM_SECRET: 'short',
      PORT: 'x',
      TRUSTED_ORIGINS: 'nope',
    });
    expect(found.join('\n')).toMatch(/WECOM_AGENT_ID is required/);
    expect(found.join('\n')).toMatch(/PUBLIC_URL is required/);
    expect(found.join('\n')).toMatch(/PORT/);
    expect(found.join('\n')).toMatch(/"nope" is not an http\(s\) origin/);
    expect(found.join('\n')).toMatch(/WECOM_SECRET looks too short/);
    expect(found.join('\n')).not.toContain('short"');
  });

  it('listens on 127.0.0.1 in demo mode and on every interface with a real corp, unless HOST says', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig(real).host).toBe('0.0.0.0');
  });

  it('reads TRUST_PROXY as off, on, hops or a list of proxies, and refuses nonsense', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(problems({ TRUST_PROXY: 'the proxy' })).toEqual([expect.stringMatching(/^TRUST_PROXY must be true, false/)]);
    expect(problems({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 characters']);
  });

  it('reads WeCom domain verification files and refuses malformed ones', () => {
    expect(
      loadConfig({ WECOM_DOMAIN_VERIFY: 'WW_verify_abc123.txt:Xy9z, WW_verify_b.txt:c' }).domainVerifyFiles,
    ).toEqual({
      'WW_verify_abc123.txt': 'Xy9z',
      'WW_verify_b.txt': 'c',
    });
    expect(problems({ WECOM_DOMAIN_VERIFY: '../etc/passwd:x' })).toEqual([
      'WECOM_DOMAIN_VERIFY "../etc/passwd:x" is not WW_verify_<code>.txt:<content>',
    ]);
  });

  it('refuses a PUBLIC_URL with a path rather than serving broken links', () => {
    expect(problems({ ...real, PUBLIC_URL: 'https://kq.example.com/h5' })).toEqual([
      expect.stringMatching(/^PUBLIC_URL must be an origin without a path/),
    ]);
    expect(problems({ ...real, PUBLIC_URL: 'https://kq.example.com/' })).toEqual([]);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ WECOM_CORP_ID: '', REDIS_URL: '' }).wecom).toBeNull();
  });

  it('rejects a REDIS_URL that is not a redis URL', () => {
    expect(problems({ REDIS_URL: 'localhost:6379' })).toEqual([expect.stringMatching(/^REDIS_URL/)]);
  });

  it('requires SESSION_SECRET with a real corp, and both halves of the webhook and callback pairs', () => {
    const found = problems({
      ...real,
      SESSION_SECRET: '',
      WEBHOOK_URL: 'https://erp.example.com/hooks',
      WECOM_CALLBACK_AES_KEY: 'a'.repeat(43),
    }).join('\n');
    expect(found).toMatch(/SESSION_SECRET is required when WECOM_CORP_ID is set/);
    expect(found).toMatch(/WEBHOOK_SECRET is required when WEBHOOK_URL is set/);
    expect(found).toMatch(/WECOM_CALLBACK_TOKEN is required when WECOM_CALLBACK_AES_KEY is set/);
  });

  it('reads the order, webhook, callback and reconcile settings', () => {
    const config = loadConfig({
      ...real,
      API_KEYS: ' key-aaaaaaaaaaaaaaaaaaaaaaaa , key-bbbbbbbbbbbbbbbbbbbbbbbb ',
      WEBHOOK_URL: 'https://erp.example.com/hooks',
      WEBHOOK_SECRET: 'whsec-0123456789abcdef',
      WECOM_CALLBACK_TOKEN: 'Token123',
      WECOM_CALLBACK_AES_KEY: 'a'.repeat(43),
      DEFAULT_GROUP_MEMBERS: 'wangwu, zhaoliu,wangwu',
      ADMIN_USER_IDS: 'zhouba',
      RECONCILE_INTERVAL_MS: '0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      DATABASE_SCHEMA: 'kequn',
    });
    expect(config).toMatchObject({
      apiKeys: ['key-aaaaaaaaaaaaaaaaaaaaaaaa', 'key-bbbbbbbbbbbbbbbbbbbbbbbb'],
      webhook: { url: 'https://erp.example.com/hooks', secret: 'whsec-0123456789abcdef', timeoutMs: 10_000 },
      callback: { token: 'Token123', encodingAesKey: 'a'.repeat(43) },
      defaultGroupMembers: ['wangwu', 'zhaoliu'],
      adminUserIds: ['zhouba'],
      reconcileIntervalMs: 0,
      databaseSchema: 'kequn',
    });
  });

  it('names bad values without echoing secrets', () => {
    const found = problems({
      API_KEYS: 'short-secret-key',
      WEBHOOK_URL: 'ftp://x',
      WEBHOOK_SECRET: 'tiny-secret',
      WECOM_CALLBACK_TOKEN: 'bad token!',
      WECOM_CALLBACK_AES_KEY: 'too-short',
      DEFAULT_GROUP_MEMBERS: 'ok,not ok',
      RECONCILE_INTERVAL_MS: '-5',
      DATABASE_SCHEMA: 'Drop Table',
    }).join('\n');
    for (const name of [
      'API_KEYS',
      'WEBHOOK_URL',
      'WEBHOOK_SECRET',
      'WECOM_CALLBACK_TOKEN',
      'WECOM_CALLBACK_AES_KEY',
      'DEFAULT_GROUP_MEMBERS',
      'RECONCILE_INTERVAL_MS',
      'DATABASE_SCHEMA',
    ]) {
      expect(found).toContain(name);
    }
    for (const secret of ['short-secret-key', 'tiny-secret', 'too-short']) expect(found).not.toContain(secret);
  });
});
