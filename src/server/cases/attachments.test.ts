import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { type Agent, buildPartner, signedInUser } from '../../../tests/support/factories.js';
import {
  CSV,
  EXE,
  type FormPart,
  HAR,
  HTML,
  JSON_FILE,
  LOG,
  multipartBody,
  PDF,
  PNG,
  ZIP,
} from '../../../tests/support/sample-files.js';
import { useTestApp } from '../../../tests/support/test-app.js';
import { caseAttachments, caseEvents, cases } from '../db/schema/index.js';
import { MINUTE } from '../lib/clock.js';
import { contentDispositionFor } from './attachment-routes.js';
import { MAX_ATTACHMENT_BYTES } from './attachments.js';

type Send = (options: InjectOptions) => Promise<LightMyRequestResponse>;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const file = (fileName: string, content: Buffer): FormPart => ({ name: 'file', fileName, content });

describeEachDatabase('case attachments', (kind) => {
  const t = useTestApp(kind);
  let partnerId: string;
  let member: Agent;
  let agent: Agent;
  let outsider: Agent;
  let asToken: Send;

  beforeAll(async () => {
    const partner = await buildPartner(t, { name: 'Pizza Portal' });
    partnerId = partner.id;
    member = await signedInUser(t, { role: 'partner_member', partnerId, name: 'Paula Partner' });
    agent = await signedInUser(t, { role: 'support_agent', name: 'Sam Support' });
    const other = await buildPartner(t, { name: 'Burger Base' });
    outsider = await signedInUser(t, { role: 'partner_admin', partnerId: other.id });
    const admin = await signedInUser(t, { role: 'partner_admin', partnerId });
    const token = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/tokens`,
      payload: { name: 'pos sync' },
    });
    const { secret } = token.json() as { secret: string };
    asToken = (options) =>
      t.app.inject({ ...options, headers: { authorization: `Bearer ${secret}`, ...options.headers } });
  });

  const casesUrl = () => `/api/v1/partners/${partnerId}/cases`;
  async function openCase(): Promise<string> {
    const response = await member.request({
      method: 'POST',
      url: casesUrl(),
      payload: { category: 'technical_support', subject: 'Menu sync fails', description: 'Prices are stale' },
    });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  }
  const upload = (send: Send, caseId: string, parts: FormPart[], partner = partnerId) =>
    send({
      method: 'POST',
      url: `/api/v1/partners/${partner}/cases/${caseId}/attachments`,
      ...multipartBody(parts),
    });
  const download = (send: Send, caseId: string, attachmentId: string) =>
    send({ method: 'GET', url: `${casesUrl()}/${caseId}/attachments/${attachmentId}` });
  const storedOn = (caseId: string) =>
    t.ctx.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, caseId));
  const comment = async (who: Agent, caseId: string, payload: { body: string; internal?: boolean }) => {
    const response = await who.request({ method: 'POST', url: `${casesUrl()}/${caseId}/comments`, payload });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const errorOf = (response: LightMyRequestResponse) => response.json().error;

  describe('uploading and downloading', () => {
    const samples: [string, Buffer, string][] = [
      ['screenshot.png', PNG, 'image/png'],
      ['invoice.pdf', PDF, 'application/pdf'],
      ['sync.log', LOG, 'text/plain; charset=utf-8'],
      ['order.json', JSON_FILE, 'application/json'],
      ['session.har', HAR, 'application/json'],
      ['orders.csv', CSV, 'text/csv; charset=utf-8'],
      ['logs.zip', ZIP, 'application/zip'],
    ];

    it('stores each allowed type with its SHA-256 and serves the same bytes back as a download', async () => {
      const caseId = await openCase();
      const before = (await t.ctx.db.select().from(cases).where(eq(cases.id, caseId)))[0]?.updatedAt;
      t.clock.advance(5 * MINUTE);
      const response = await upload(
        member.request,
        caseId,
        samples.map(([name, bytes]) => file(name, bytes)),
      );
      expect(response.statusCode).toBe(201);
      const created = response.json() as { id: string }[];
      expect(created).toEqual(
        samples.map(([fileName, bytes, served]) => ({
          id: expect.any(String),
          commentId: null,
          internal: false,
          fileName,
          contentType: served.split(';')[0],
          sizeBytes: bytes.length,
          sha256: sha256(bytes),
          uploaderName: 'Paula Partner',
          createdAt: t.clock.now().toISOString(),
        })),
      );
      for (const [index, [fileName, bytes, served]] of samples.entries()) {
        const got = await download(member.request, caseId, created[index]?.id ?? '');
        expect(got.statusCode).toBe(200);
        expect(got.rawPayload.equals(bytes)).toBe(true);
        expect(got.headers).toMatchObject({
          'content-type': served,
          'content-disposition': `attachment; filename*=UTF-8''${fileName}`,
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, no-store',
        });
      }

      const [changed] = await t.ctx.db.select().from(cases).where(eq(cases.id, caseId));
      expect(changed?.updatedAt.getTime()).toBe((before?.getTime() ?? 0) + 5 * MINUTE);
      const events = await t.ctx.db
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'attachment')));
      expect(events.map((e) => e.data)).toEqual(
        created.map((a) => expect.objectContaining({ attachmentId: a.id, commentId: null })),
      );
      const detail = await member.request({ method: 'GET', url: `${casesUrl()}/${caseId}` });
      expect(detail.json().attachments).toEqual(created);
    });

    it('encodes any file name safely in Content-Disposition', async () => {
      expect(contentDispositionFor("Bericht (Juni); 注文 #1 'a*b'.log")).toBe(
        "attachment; filename*=UTF-8''Bericht%20%28Juni%29%3B%20%E6%B3%A8%E6%96%87%20%231%20%27a%2Ab%27.log",
      );
      const caseId = await openCase();
      const name = 'Übersicht; "Juni"\r\nX-Injected: 1.log';
      const response = await upload(member.request, caseId, [file('Bestellübersicht; 注文.csv', CSV)]);
      expect(response.statusCode).toBe(201);
      const got = await download(member.request, caseId, response.json()[0].id);
      expect(got.headers['content-disposition']).toBe(
        "attachment; filename*=UTF-8''Bestell%C3%BCbersicht%3B%20%E6%B3%A8%E6%96%87.csv",
      );
      expect(contentDispositionFor(name)).not.toMatch(/[\r\n"]/);
    });

    it('accepts exactly 10 MB and refuses one byte more with 413, storing nothing', async () => {
      const caseId = await openCase();
      const limit = Buffer.alloc(MAX_ATTACHMENT_BYTES, 'a');
      const accepted = await upload(member.request, caseId, [file('full.log', limit)]);
      expect(accepted.statusCode).toBe(201);
      expect(accepted.json()[0].sizeBytes).toBe(MAX_ATTACHMENT_BYTES);

      const tooLarge = await upload(member.request, caseId, [
        file('small.log', LOG),
        file('huge.log', Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 'a')),
      ]);
      expect(tooLarge.statusCode).toBe(413);
      expect(errorOf(tooLarge)).toMatchObject({
        code: 'payload_too_large',
        field: 'file',
        params: { fileName: 'huge.log', limit: MAX_ATTACHMENT_BYTES },
      });
      expect(await storedOn(caseId)).toHaveLength(1);
    });

    it('refuses with 415 what is not an allowed type by its content, storing nothing of the request', async () => {
      const caseId = await openCase();
      for (const [name, bytes] of [
        ['setup.exe', EXE],
        ['page.html', HTML],
        ['fake.png', Buffer.from('not really a png')],
        ['image.txt', PNG],
      ] as const) {
        const response = await upload(member.request, caseId, [file('fine.log', LOG), file(name, bytes)]);
        expect(response.statusCode, name).toBe(415);
        expect(errorOf(response)).toMatchObject({
          code: 'unsupported_media_type',
          field: 'file',
          params: { fileName: name },
        });
      }
      expect(await storedOn(caseId)).toEqual([]);
    });

    it('refuses a body that is not multipart (415), a form without files and unknown fields (400)', async () => {
      const caseId = await openCase();
      const json = await member.request({
        method: 'POST',
        url: `${casesUrl()}/${caseId}/attachments`,
        payload: { file: 'x' },
      });
      expect(json.statusCode).toBe(415);
      expect(errorOf(json)).toMatchObject({ code: 'unsupported_media_type', field: 'file' });
      const none = await upload(member.request, caseId, [{ name: 'commentId', value: '' }]);
      expect(errorOf(none)).toMatchObject({ code: 'validation', field: 'file', reason: 'required' });
      const unknown = await upload(member.request, caseId, [
        file('a.log', LOG),
        { name: 'note', value: 'x' },
      ]);
      expect(errorOf(unknown)).toMatchObject({ field: 'note', reason: 'unknown_field' });
      const plain = await upload(member.request, caseId, [{ name: 'file', value: 'just text' }]);
      expect(errorOf(plain)).toMatchObject({ field: 'file', reason: 'wrong_type' });
      const cut = await member.request({
        method: 'POST',
        url: `${casesUrl()}/${caseId}/attachments`,
        payload: multipartBody([file('a.log', LOG)]).payload.subarray(0, 120),
        headers: multipartBody([]).headers,
      });
      expect(cut.statusCode).toBe(400);
      expect(errorOf(cut)).toMatchObject({ code: 'validation', reason: 'malformed_request' });
      expect(await storedOn(caseId)).toEqual([]);
    });

    it('refuses uploads to a closed case with 409', async () => {
      const caseId = await openCase();
      for (const status of ['in_progress', 'resolved', 'closed']) {
        const moved = await agent.request({
          method: 'PATCH',
          url: `${casesUrl()}/${caseId}`,
          payload: { status },
        });
        expect(moved.statusCode).toBe(200);
      }
      const response = await upload(member.request, caseId, [file('late.log', LOG)]);
      expect(response.statusCode).toBe(409);
      expect(await storedOn(caseId)).toEqual([]);
    });
  });

  describe('twenty files a case', () => {
    it('refuses the 21st file with 409 even when 25 uploads race', async () => {
      const caseId = await openCase();
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) => upload(member.request, caseId, [file(`part-${i}.log`, LOG)])),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([...Array(20).fill(201), ...Array(5).fill(409)]);
      expect(errorOf(results.find((r) => r.statusCode === 409) as LightMyRequestResponse)).toMatchObject({
        code: 'conflict',
        field: 'file',
      });
      expect(await storedOn(caseId)).toHaveLength(20);
    });

    it('takes a request only if all its files fit, and at most 20 files in one request (413)', async () => {
      const caseId = await openCase();
      const logs = (n: number, prefix: string) =>
        Array.from({ length: n }, (_, i) => file(`${prefix}-${i}.log`, LOG));
      expect((await upload(member.request, caseId, logs(19, 'first'))).statusCode).toBe(201);
      expect((await upload(member.request, caseId, logs(2, 'second'))).statusCode).toBe(409);
      expect(await storedOn(caseId)).toHaveLength(19);

      const other = await openCase();
      const tooMany = await upload(member.request, other, logs(21, 'many'));
      expect(tooMany.statusCode).toBe(413);
      expect(errorOf(tooMany)).toMatchObject({ code: 'payload_too_large', field: 'file' });
      expect(await storedOn(other)).toEqual([]);
    });
  });

  describe('who may see what', () => {
    it("gives another partner's user 404 for both routes", async () => {
      const caseId = await openCase();
      const [stored] = (await upload(member.request, caseId, [file('a.log', LOG)])).json();
      expect((await download(outsider.request, caseId, stored.id)).statusCode).toBe(404);
      expect((await upload(outsider.request, caseId, [file('b.log', LOG)])).statusCode).toBe(404);
      const own = outsider.user.partnerId as string;
      expect((await upload(outsider.request, caseId, [file('b.log', LOG)], own)).statusCode).toBe(404);
      expect(await storedOn(caseId)).toHaveLength(1);
    });

    it("answers 404 for a file asked for under another of the partner's cases", async () => {
      const caseId = await openCase();
      const otherCase = await openCase();
      const [stored] = (await upload(member.request, caseId, [file('a.log', LOG)])).json();
      expect((await download(member.request, otherCase, stored.id)).statusCode).toBe(404);
    });

    it("keeps a staff internal note's files from the partner (404) while staff download them", async () => {
      const caseId = await openCase();
      const noteId = await comment(agent, caseId, { body: 'Looks like the POS bug', internal: true });
      const response = await upload(agent.request, caseId, [file('public.har', HAR)]);
      expect(response.statusCode).toBe(201);
      const onNote = await upload(agent.request, caseId, [
        file('trace.har', HAR),
        { name: 'commentId', value: noteId },
      ]);
      expect(onNote.statusCode).toBe(201);
      const [internal] = onNote.json();
      expect(internal).toMatchObject({ commentId: noteId, internal: true, uploaderName: 'Sam Support' });

      expect((await download(member.request, caseId, internal.id)).statusCode).toBe(404);
      expect((await download(asToken, caseId, internal.id)).statusCode).toBe(404);
      const got = await download(agent.request, caseId, internal.id);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(HAR)).toBe(true);

      const seen = await member.request({ method: 'GET', url: `${casesUrl()}/${caseId}` });
      expect(seen.json().attachments.map((a: { id: string }) => a.id)).not.toContain(internal.id);
      const events = await t.ctx.db
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'attachment')));
      expect(events.map((e) => e.internal)).toEqual([false, true]);
    });

    it("lets a partner attach to a visible comment, but not to an internal note or another case's comment", async () => {
      const caseId = await openCase();
      const reply = await comment(member, caseId, { body: 'Here is the log' });
      const noteId = await comment(agent, caseId, { body: 'internal', internal: true });
      const otherComment = await comment(member, await openCase(), { body: 'elsewhere' });
      const onReply = await upload(member.request, caseId, [
        file('a.log', LOG),
        { name: 'commentId', value: reply },
      ]);
      expect(onReply.statusCode).toBe(201);
      expect(onReply.json()[0]).toMatchObject({ commentId: reply, internal: false });
      for (const commentId of [noteId, otherComment, 'not-an-id']) {
        const refused = await upload(member.request, caseId, [
          file('b.log', LOG),
          { name: 'commentId', value: commentId },
        ]);
        expect(refused.statusCode, commentId).toBe(400);
        expect(errorOf(refused)).toMatchObject({ field: 'commentId', reason: 'invalid_id' });
      }
      expect(await storedOn(caseId)).toHaveLength(1);
    });

    it("lets a partner_api token upload to and download from its own partner's cases", async () => {
      const caseId = await openCase();
      const response = await upload(asToken, caseId, [file('pos.csv', CSV)]);
      expect(response.statusCode).toBe(201);
      const [stored] = response.json();
      expect(stored.uploaderName).toBe('token:pos sync');
      const got = await download(asToken, caseId, stored.id);
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(CSV)).toBe(true);
    });
  });
});
