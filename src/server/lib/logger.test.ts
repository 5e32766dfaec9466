import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { createTestApp, type TestApp } from '../../../tests/support/test-app.js';
import { createLogger } from './logger.js';

const PASSWORD = 'never in any log 1234';

describeEachDatabase('what the log keeps of a failure', (kind) => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, {
      logger: createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) }),
    });
  });
  afterAll(() => t.close());

  const failures = (requestId: string) =>
    lines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.reqId === requestId && entry.msg === 'unhandled error');

  it('logs a failed insert by class, code and constraint, without its password hash or password', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    await t.ctx.db.execute(
      sql`alter table users add constraint test_refuses check (name <> 'Refused') not valid`,
    );
    const response = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'refused@example.test', name: 'Refused', role: 'support_agent', password: PASSWORD },
    });
    expect(response.statusCode).toBe(500);

    const [failure] = failures(response.headers['x-request-id'] as string);
    expect(failure.err).toMatchObject({
      type: 'DrizzleQueryError',
      message: expect.stringMatching(/^Failed query: insert into "users"/),
      cause: { code: '23514', constraint: 'test_refuses' },
    });
    expect(failure.err.stack).toMatch(/\n\s+at /);
    const log = lines.join('');
    expect(log).not.toContain('$argon2id$');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toMatch(/params/);
    expect(log).not.toContain(admin.cookie);
    expect(log).not.toContain(admin.csrfToken);
  });

  it('logs a failed mail insert without the invite link it carried', async () => {
    const partner = await buildPartner(t);
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId: partner.id });
    await t.ctx.db.execute(
      sql`alter table notifications add constraint test_refuses_mail check (body not like '%invite/%') not valid`,
    );
    const response = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/invites`,
      payload: { email: 'invitee@example.test', role: 'partner_member' },
    });
    expect(response.statusCode).toBe(500);

    const [failure] = failures(response.headers['x-request-id'] as string);
    expect(failure.err).toMatchObject({ type: 'DrizzleQueryError', cause: { code: '23514' } });
    expect(lines.join('')).not.toMatch(/invite\/[A-Za-z0-9_-]{20,}/);
  });
});

it('redacts secrets under the usual names, at the depths the code logs them', () => {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) });
  logger.info(
    {
      password: 'p1',
      user: { password: 'p2', passwordHash: '$argon2id$x', token: 't1' },
      body: { contact: { secret: 's1' } },
      req: { headers: { authorization: 'Bearer t2', cookie: 'sb_session=t3' } },
      res: { headers: { 'set-cookie': 'sb_session=t4' } },
    },
    'secrets',
  );
  for (const secret of ['p1', 'p2', '$argon2id$x', 't1', 's1', 'Bearer t2', 't3', 't4']) {
    expect(lines.join('')).not.toContain(secret);
  }
  expect(lines.join('')).toContain('[redacted]');
});

it("keeps a query's bound values out of the message, however the error is logged", () => {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) });
  const failed = () =>
    Object.assign(new Error('Failed query: select 1 where x = $1\nparams: bound-secret'), {
      params: ['bound-secret'],
      query: 'select 1 where x = $1',
      cause: Object.assign(new Error('boom'), { code: '42000', detail: 'Key (x)=(bound-secret)' }),
    });
  logger.error(failed());
  logger.error({ err: failed() }, failed().message);
  logger.error({ err: failed() }, 'with %s', failed().message);
  expect(lines).toHaveLength(3);
  expect(lines.join('')).not.toContain('bound-secret');
  expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
    msg: 'Failed query: select 1 where x = $1',
    err: { type: 'Error', message: 'Failed query: select 1 where x = $1', cause: { code: '42000' } },
  });
});
