import { describe, expect, it } from 'vitest';
import { conflict, forbidden, invalid, notFound, unauthenticated } from './errors.js';

describe('the error helpers', () => {
  it('say what went wrong when the caller names nothing more', () => {
    expect([notFound().message, forbidden().message, unauthenticated().message]).toEqual([
      'resource not found',
      'not allowed',
      'sign in required',
    ]);
    expect([notFound('case').code, forbidden().code, unauthenticated().code]).toEqual([
      'not_found',
      'forbidden',
      'unauthenticated',
    ]);
  });

  it('name the field of a clash only when there is one', () => {
    expect(conflict('name taken', 'name').details).toEqual({ field: 'name' });
    expect(conflict('already a member').details).toEqual({});
  });

  it('put the field before the message of a validation error', () => {
    const error = invalid('email', 'is not an address', 'invalid_email', { example: 'a@b.c' });
    expect([error.code, error.message, error.details]).toEqual([
      'validation',
      'email: is not an address',
      { field: 'email', reason: 'invalid_email', params: { example: 'a@b.c' } },
    ]);
  });
});
