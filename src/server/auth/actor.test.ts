import { describe, expect, it } from 'vitest';
import { actorLabel } from './actor.js';

describe('actorLabel', () => {
  it('names users by email, tokens by name and the server itself as system', () => {
    expect(actorLabel({ kind: 'user', user: { id: 'u', email: 'ada@example.test' } })).toBe(
      'ada@example.test',
    );
    expect(actorLabel({ kind: 'token', token: { id: 't', name: 'pos sync' } })).toBe('token:pos sync');
    expect(actorLabel(null)).toBe('system');
  });
});
