import { describe, expect, it } from 'vitest';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string).sort();
}

function valueAt(tree: unknown, key: string): string {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string;
}

describe('translations', () => {
  const english = keysOf(en).sort();

  it.each([
    ['de', de],
    ['fr', fr],
  ])('%s has exactly the English keys, each translated with the same placeholders', (_language, resource) => {
    expect(keysOf(resource).sort()).toEqual(english);
    for (const key of english) {
      const translated = valueAt(resource, key);
      expect(translated, key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(valueAt(en, key)));
    }
  });
});
