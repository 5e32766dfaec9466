import { expect } from 'vitest';
import type { Agent } from './factories.js';

/** One entry of a page's timeline, as `GET /api/v1/pages/{id}` shows it. */
export interface TimelineEvent {
  id: number;
  type: string;
  at: string;
  actor: { id: string; name: string } | null;
  user: { id: string; name: string } | null;
  channel: string | null;
  delivery: { status: string; attempts: number; lastError: string | null; sentAt: string | null } | null;
  detail: Record<string, unknown>;
}

export interface PageDetail {
  id: string;
  number: number;
  status: string;
  level: number;
  acknowledgedBy: string | null;
  timeline: TimelineEvent[];
}

/** A manual page on a service through the API (`POST /api/v1/pages`), which must answer 201. */
export async function openPageOn(agent: Agent, serviceId: string, title: string, extra: object = {}) {
  const opened = await agent.request({
    method: 'POST',
    url: '/api/v1/pages',
    payload: { serviceId, title, ...extra },
  });
  expect(opened.statusCode).toBe(201);
  return opened.json() as PageDetail;
}

export async function readPage(agent: Agent, pageId: string): Promise<PageDetail> {
  const response = await agent.request({ method: 'GET', url: `/api/v1/pages/${pageId}` });
  expect(response.statusCode).toBe(200);
  return response.json();
}
