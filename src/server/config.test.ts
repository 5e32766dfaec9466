import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.caseAutoCloseDays).toBe(7);
    expect(loadConfig({ CASE_AUTO_CLOSE_DAYS: '3' }).caseAutoCloseDays).toBe(3);
    expect([config.healthMinuteRetentionDays, config.healthHourRetentionMonths]).toEqual([30, 13]);
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '3.5' }, 'PORT'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ ADMIN_EMAIL: 'a@b.c' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '127.0.0.1,proxy.example' }, 'TRUST_PROXY'],
    [{ DOCS_URL: 'docs.example.test/integration' }, 'DOCS_URL'],
    [{ DOCS_URL: 'ftp://docs.example.test/' }, 'DOCS_URL'],
    [{ PUBLIC_URL: 'support.example.test' }, 'PUBLIC_URL'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ CASE_AUTO_CLOSE_DAYS: '0' }, 'CASE_AUTO_CLOSE_DAYS'],
    [{ HEALTH_MINUTE_RETENTION_DAYS: '7' }, 'HEALTH_MINUTE_RETENTION_DAYS'],
  ])('rejects %o naming %s', (env, variable) => {
    try {
      loadConfig(env);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
    }
  });

  it('reads the documentation and public addresses, unset by default', () => {
    expect(loadConfig({})).toMatchObject({ docsUrl: null, publicUrl: null });
    expect(
      loadConfig({
        DOCS_URL: 'https://partners.example.test/docs',
        PUBLIC_URL: 'https://support.example.test',
      }),
    ).toMatchObject({
      docsUrl: 'https://partners.example.test/docs',
      publicUrl: 'https://support.example.test',
    });
  });

  it('keeps webhooks off private networks unless WEBHOOK_ALLOW_PRIVATE_NETWORKS says true', () => {
    expect(loadConfig({}).webhookAllowPrivateNetworks).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }).webhookAllowPrivateNetworks).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: '0' }).webhookAllowPrivateNetworks).toBe(false);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_NETWORKS/,
    );
    expect(loadConfig({}).signalBatchesPerMinute).toBe(3000);
  });

  it('lower-cases the first admin email', () => {
    expect(
      loadConfig({ ADMIN_EMAIL: 'Ops@Example.TEST', ADMIN_PASSWORD: 'a long enough password' }).adminEmail,
    ).toBe('ops@example.test');
  });

  it('refuses TRUST_PROXY=true with a line saying what to write instead', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/number of proxies in front/);
  });

  it.each([
    [{}, false],
    [{ TRUST_PROXY: 'false' }, false],
    [{ TRUST_PROXY: '1' }, 1],
    [{ TRUST_PROXY: '2' }, 2],
    [{ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback,::1' }, ['10.0.0.0/8', '127.0.0.1', 'loopback', '::1']],
  ])('reads TRUST_PROXY from %o as %o', (env, expected) => {
    expect(loadConfig(env).trustProxy).toEqual(expected);
  });
});
