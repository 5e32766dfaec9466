import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEVICE_COOKIE, DEVICE_TRUST_MS } from './device-trust.js';
import { SESSION_COOKIE } from './sessions.js';

// Max-Age rather than Expires: relative, so a browser whose clock is off keeps the cookie as long as the server does.
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  lifetimeSeconds: number,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: lifetimeSeconds,
  });
}

// Only the sign-in reads it, so no other request carries it; SameSite=Strict, as only the SPA's own
// sign-in form needs it.
export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(DEVICE_COOKIE, token, {
    path: '/api/v1/auth/login',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: DEVICE_TRUST_MS / 1000,
  });
}
