import type { Agent } from './factories.js';

export interface PagedService {
  serviceId: string;
  /** An events_v2 integration's routing key, for `POST /v2/enqueue`. */
  eventsKey: string;
  /** An alertmanager integration's key, and the webhook path that carries it. */
  alertmanagerKey: string;
  alertmanagerPath: string;
}

/**
 * A service whose escalation policy pages `responders` at level 1 (and `second` at level 2, when given), with
 * one integration of each type, made through the API by a platform admin.
 */
export async function createPagedService(
  admin: Agent,
  responders: Agent[],
  options: { second?: Agent[]; delayMinutes?: number; name?: string } = {},
): Promise<PagedService> {
  const post = async (url: string, payload: object) => {
    const response = await admin.request({ method: 'POST', url, payload });
    if (response.statusCode !== 201)
      throw new Error(`fixture ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const level = (agents: Agent[]) => ({
    delayMinutes: options.delayMinutes ?? 10,
    targets: agents.map((agent) => ({ type: 'user', id: agent.user.id })),
  });
  const levels = options.second ? [level(responders), level(options.second)] : [level(responders)];
  const policy = await post('/api/v1/escalation-policies', { name: 'Monitoring', levels, repeat: 0 });
  const service = await post('/api/v1/services', {
    name: options.name ?? 'Ordering API',
    escalationPolicyId: policy.id,
  });
  const events = await post(`/api/v1/services/${service.id}/integrations`, { type: 'events_v2' });
  const alertmanager = await post(`/api/v1/services/${service.id}/integrations`, { type: 'alertmanager' });
  return {
    serviceId: service.id,
    eventsKey: events.key,
    alertmanagerKey: alertmanager.key,
    alertmanagerPath: new URL(alertmanager.url).pathname,
  };
}
