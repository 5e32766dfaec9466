import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('verifies against the stored hash, and never matches an account without one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
    // No hash (an unknown email): the decoy is checked for the time it takes, and the answer is always no.
    expect(await verifyPassword(null, 'correct horse battery staple')).toBe(false);
  });
});
