import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 8080 and an SQLite file under ./data', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.database.kind).toBe('sqlite');
    expect(c.database.kind === 'sqlite' && c.database.file.endsWith('/data/phishdesk.sqlite')).toBe(true);
  });

  it('selects PostgreSQL for a postgres:// URL and SQLite for sqlite:PATH', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({
      kind: 'sqlite',
      file: ':memory:',
    });
  });

  it('reports every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
  });

  it('hashes passwords at scrypt N=2^15 unless PASSWORD_HASH_COST (tests only) says otherwise', () => {
    expect(loadConfig({}).passwords).toEqual({ hashCost: 15 });
    expect(loadConfig({ PASSWORD_HASH_COST: '4' }).passwords).toEqual({ hashCost: 4 });
    expect(() => loadConfig({ PASSWORD_HASH_COST: '3' })).toThrow(/PASSWORD_HASH_COST/);
  });

  it('links to http://localhost:PORT unless PUBLIC_BASE_URL says otherwise', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '9090' }).publicBaseUrl).toBe('http://localhost:9090');
    expect(loadConfig({ PORT: '9090', PUBLIC_BASE_URL: 'https://phishdesk.example.jp/' }).publicBaseUrl).toBe(
      'https://phishdesk.example.jp',
    );
  });

  it('bounds SMTP clients and report fields by default; a row is never allowed below one field', () => {
    const c = loadConfig({});
    expect(c.smtpClients).toEqual({ messagesPerMinute: 60, bytesPerHour: 200 * 1_048_576, connections: 10 });
    expect(c.fieldLimits).toEqual({ fieldBytes: 65_536, rowBytes: 262_144, urlBytes: 8192 });
    expect(
      loadConfig({ REPORT_FIELD_MAX_BYTES: '131072', IMPORT_ROW_MAX_BYTES: '2048' }).fieldLimits.rowBytes,
    ).toBe(131_072);
    expect(() => loadConfig({ SMTP_CLIENT_CONNECTIONS: '0', REPORT_FIELD_MAX_BYTES: '10' })).toThrow(
      /SMTP_CLIENT_CONNECTIONS[\s\S]*REPORT_FIELD_MAX_BYTES/,
    );
  });
});
