import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { buildPartner, signedInUser } from '../../../tests/support/factories.js';
import { useTestApp } from '../../../tests/support/test-app.js';

describeEachDatabase('how an invitation travels', (kind) => {
  const withoutSmtp = useTestApp(kind);
  const withSmtp = useTestApp(kind, { config: { smtpUrl: 'smtp://127.0.0.1:2525' } });

  it('says the link is kept in the outbox without SMTP_URL, and emailed with it', async () => {
    for (const [t, delivery] of [
      [withoutSmtp, 'outbox'],
      [withSmtp, 'email'],
    ] as const) {
      const partner = await buildPartner(t);
      const admin = await signedInUser(t, { role: 'admin' });
      const invited = await admin.request({
        method: 'POST',
        url: `/api/v1/partners/${partner.id}/invites`,
        payload: { email: 'new.member@example.test', role: 'partner_member' },
      });
      expect(invited.statusCode).toBe(201);
      expect(invited.json()).toMatchObject({ email: 'new.member@example.test', delivery });
    }
  });
});
