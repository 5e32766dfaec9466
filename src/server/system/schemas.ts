import { Type } from 'typebox';
import { NullableTimestamp, Timestamp } from '../lib/schema-types.js';

export const JobView = Type.Object({
  id: Type.Number(),
  name: Type.String(),
  status: Type.String(),
  attempts: Type.Number(),
  maxAttempts: Type.Number(),
  runAt: Timestamp,
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  finishedAt: NullableTimestamp,
});

export const ListJobsQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal('queued'),
        Type.Literal('running'),
        Type.Literal('done'),
        Type.Literal('failed'),
      ]),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

// Job ids are bigserial; past 2^53 - 1 a JavaScript number can no longer name one exactly.
export const RetryJobParams = Type.Object({
  jobId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

/** What the SPA needs to know of this deployment before anyone signs in. */
export const MetaView = Type.Object({
  /** The partner programme's integration documentation (DOCS_URL); null when not configured. */
  docsUrl: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
  /** The address users reach (PUBLIC_URL, else the one printed at start), as links in mail use it. */
  publicUrl: Type.String({ format: 'uri' }),
});
