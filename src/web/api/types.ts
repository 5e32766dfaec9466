import type { paths } from './schema.gen.js';

/*
 * The shapes the SPA works with, read off the generated OpenAPI types (schema.gen.ts) rather than
 * written again by hand: a server schema change shows up here as a type error.
 */

type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;
type Operation<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method];

/** What a route answers with when it succeeds (200, 201 or 202). */
export type ResponseOf<Path extends keyof paths, Method extends keyof paths[Path]> =
  Operation<Path, Method> extends { responses: infer Responses }
    ? Json<Responses[keyof Responses & (200 | 201 | 202)]>
    : never;

/** The JSON body a route takes. */
export type BodyOf<Path extends keyof paths, Method extends keyof paths[Path]> =
  Operation<Path, Method> extends { requestBody?: infer Body } ? Json<NonNullable<Body>> : never;

type Item<List> = List extends readonly (infer Element)[] ? Element : never;

export type Session = ResponseOf<'/api/v1/auth/me', 'get'>;
export type User = Session['user'];
export type Member = Item<ResponseOf<'/api/v1/partners/{partnerId}/members', 'get'>>;
export type StaffUser = Item<ResponseOf<'/api/v1/users', 'get'>>;

export type Partner = ResponseOf<'/api/v1/partners', 'post'>;
export type PartnerSummary = Item<ResponseOf<'/api/v1/partners', 'get'>>;
export type PartnerAccount = ResponseOf<'/api/v1/partners/{partnerId}', 'get'>;

export type Invite = Item<ResponseOf<'/api/v1/partners/{partnerId}/invites', 'get'>>;
export type InvitePreview = ResponseOf<'/api/v1/invites/{token}', 'get'>;
export type Contact = Item<ResponseOf<'/api/v1/partners/{partnerId}/contacts', 'get'>>;
export type ContactInput = BodyOf<'/api/v1/partners/{partnerId}/contacts', 'post'>;
export type ApiToken = Item<ResponseOf<'/api/v1/partners/{partnerId}/tokens', 'get'>>;
export type NewApiToken = ResponseOf<'/api/v1/partners/{partnerId}/tokens', 'post'>;
export type AuditEvent = Item<ResponseOf<'/api/v1/audit', 'get'>>;

export type Case = Item<ResponseOf<'/api/v1/cases/assigned', 'get'>>;
export type CaseDetail = ResponseOf<'/api/v1/cases/{caseId}', 'get'>;
export type CaseEvent = CaseDetail['events'][number];
export type TriageCase = Item<ResponseOf<'/api/v1/cases/triage', 'get'>>;
export type NewCaseInput = BodyOf<'/api/v1/partners/{partnerId}/cases', 'post'>;
export type CaseChanges = BodyOf<'/api/v1/partners/{partnerId}/cases/{caseId}', 'patch'>;
export type TriageInput = BodyOf<'/api/v1/partners/{partnerId}/cases/{caseId}/triage', 'post'>;
export type QueueFilters = BodyOf<'/api/v1/case-views', 'post'>['filters'];
export type SavedView = Item<ResponseOf<'/api/v1/case-views', 'get'>>;
export type ReportRow = Item<ResponseOf<'/api/v1/reports/cases', 'get'>>;

export type Lead = Item<ResponseOf<'/api/v1/leads', 'get'>>;
export type InterestInput = BodyOf<'/api/v1/leads', 'post'>;
export type Notification = Item<ResponseOf<'/api/v1/outbox', 'get'>>;
export type Job = Item<ResponseOf<'/api/v1/jobs', 'get'>>;

export type BusinessCalendar = Item<ResponseOf<'/api/v1/business-calendars', 'get'>>;
export type CalendarInput = BodyOf<'/api/v1/business-calendars', 'post'>;
export type ClosedDay = Item<ResponseOf<'/api/v1/business-calendars/{calendarId}/closed-days', 'get'>>;
export type SlaPolicy = Item<ResponseOf<'/api/v1/sla-policies', 'get'>>;
export type PolicyInput = BodyOf<'/api/v1/sla-policies', 'post'>;

export type PageSummary = Item<ResponseOf<'/api/v1/pages', 'get'>>;
export type PageDetail = ResponseOf<'/api/v1/pages/{pageId}', 'get'>;
export type PageEvent = PageDetail['timeline'][number];
export type ManualPageInput = BodyOf<'/api/v1/pages', 'post'>;
export type ReassignInput = BodyOf<'/api/v1/pages/{pageId}/reassign', 'post'>;
export type PageActionLink = ResponseOf<'/api/v1/page-actions/{token}', 'get'>;
export type EscalationPolicy = Item<ResponseOf<'/api/v1/escalation-policies', 'get'>>;
export type EscalationPolicyInput = BodyOf<'/api/v1/escalation-policies', 'post'>;
export type OncallService = Item<ResponseOf<'/api/v1/services', 'get'>>;
export type OncallServiceInput = BodyOf<'/api/v1/services', 'post'>;
export type ServiceIntegration = OncallService['integrations'][number];
export type OncallSettings = ResponseOf<'/api/v1/oncall-settings', 'get'>;
export type NotificationRule = ResponseOf<'/api/v1/me/notification-rules', 'get'>['rules'][number];
export type InAppFeed = ResponseOf<'/api/v1/me/notifications', 'get'>;
export type InAppItem = InAppFeed['items'][number];
