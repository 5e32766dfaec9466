import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect.js';

describe('detectLanguage', () => {
  it('prefers the choice made on this device', () => {
    expect(detectLanguage('fr', ['de-DE'])).toBe('fr');
  });

  it('takes the first browser language we have, by its primary subtag', () => {
    expect(detectLanguage(null, ['de-DE', 'en'])).toBe('de');
    expect(detectLanguage(null, ['it-IT', 'FR-ch', 'de'])).toBe('fr');
  });

  it('ignores a stored value that is no language of ours, and falls back to English', () => {
    expect(detectLanguage('xx', ['it-IT'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });
});
