/** partner_api: a partner's own automation; ingest: the ordering platform's signals. */
export const TOKEN_SCOPES = ['partner_api', 'ingest'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
