import { describe, expect, it } from 'vitest';
import { keysOf, placeholders, valueAt } from '../../../tests/support/message-trees.js';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

describe('translations', () => {
  const english = keysOf(en).sort();

  it.each([
    ['de', de],
    ['fr', fr],
  ])('%s has exactly the English keys, each translated with the same placeholders', (_language, resource) => {
    expect(keysOf(resource).sort()).toEqual(english);
    for (const key of english) {
      const translated = valueAt(resource, key) as string;
      expect(translated, key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(valueAt(en, key) as string));
    }
  });
});
