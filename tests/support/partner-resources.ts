import type { Agent } from './factories.js';
import { unique } from './factories.js';
import { LOG, multipartBody } from './sample-files.js';

/**
 * One of each partner sub-resource, created through the API by the partner's admin, keyed by the path
 * parameter that names it. The route walks (tenancy, fuzz) fill every `:param` from this; a new path
 * parameter needs an entry here.
 */
export async function createPartnerResources(
  admin: Agent,
  partnerId: string,
): Promise<Record<string, string>> {
  const create = async (path: string, payload: object) => {
    const response = await admin.request({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/${path}`,
      payload,
    });
    if (response.statusCode >= 300)
      throw new Error(`fixture ${path}: ${response.statusCode} ${response.body}`);
    return response.json().id as string;
  };
  const caseId = await create('cases', {
    category: 'technical_support',
    subject: 'Menu sync',
    description: 'Prices are stale',
  });
  const uploaded = await admin.request({
    method: 'POST',
    url: `/api/v1/partners/${partnerId}/cases/${caseId}/attachments`,
    ...multipartBody([{ name: 'file', fileName: 'sync.log', content: LOG }]),
  });
  if (uploaded.statusCode !== 201)
    throw new Error(`fixture attachment: ${uploaded.statusCode} ${uploaded.body}`);
  return {
    partnerId,
    userId: admin.user.id,
    tokenId: await create('tokens', { name: 't' }),
    contactId: await create('contacts', {
      role: 'alert',
      name: 'On call',
      email: `${unique('contact')}@example.test`,
    }),
    inviteId: await create('invites', { email: `${unique('invitee')}@example.test`, role: 'partner_member' }),
    caseId,
    attachmentId: uploaded.json()[0].id as string,
    jobId: '1',
    leadId: '00000000-0000-4000-8000-000000000000',
    viewId: '00000000-0000-4000-8000-000000000000',
    scheduleId: '00000000-0000-4000-8000-000000000000',
    overrideId: '00000000-0000-4000-8000-000000000000',
    teamId: '00000000-0000-4000-8000-000000000000',
    policyId: '00000000-0000-4000-8000-000000000000',
    serviceId: '00000000-0000-4000-8000-000000000000',
    integrationId: '00000000-0000-4000-8000-000000000000',
    pageId: '00000000-0000-4000-8000-000000000000',
    // The route walks open a real one (health/escalations/fixtures.ts): escalations are not made through the API.
    escalationId: '00000000-0000-4000-8000-000000000000',
    token: 'no-such-page-action-link-token',
    file: 'no-such-feed.ics',
    key: 'no-such-integration-key',
  };
}
