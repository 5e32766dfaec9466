import { describe, expect, it } from 'vitest';
import { referencedIds } from './names.js';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Only a value that is a whole UUID, in either case, counts as an id the audit log names. */
describe('the ids an audit row mentions', () => {
  const mentioned = (value: unknown) =>
    referencedIds({ partnerId: null, subjectId: 'subject', before: null, after: { value } });

  it('takes the partner, the subject and the top-level values of before and after, in that order', () => {
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    expect(
      referencedIds({
        partnerId: ID,
        subjectId: ids[0] as string,
        before: { userId: ids[1], count: 2 },
        after: { userId: ID.toUpperCase(), flag: true, none: null },
      }),
    ).toEqual([ID, ids[0], ids[1], ID.toUpperCase()]);
    expect(referencedIds({ partnerId: null, subjectId: '1', before: [ID], after: 'plain text' })).toEqual([]);
    // A list of one id reads like that id as text, but it is a list.
    expect(mentioned([ID])).toEqual([]);
  });

  it('accepts a UUID in upper or lower case, every hex digit in every group', () => {
    for (const id of [
      ID,
      ID.toUpperCase(),
      '01234567-89ab-cdef-0123-456789abcdef',
      'abcdef01-2345-6789-abcd-ef0123456789',
      'ABCDEF01-2345-6789-ABCD-EF0123456789',
    ])
      expect(mentioned(id)).toEqual([id]);
  });

  it('refuses text around a UUID, a group one digit short or long, a digit that is no hex, or a missing dash', () => {
    const groups = ID.split('-');
    const variants = groups.flatMap((group, i) => {
      const withGroup = (replacement: string) => groups.map((g, j) => (j === i ? replacement : g)).join('-');
      return [withGroup(group.slice(1)), withGroup(`${group}a`), withGroup(`g${group.slice(1)}`)];
    });
    for (const text of [
      `x${ID}`,
      `${ID}x`,
      ` ${ID}`,
      `${ID} `,
      `${ID}\n`,
      ID.replaceAll('-', ''),
      ID.replace('-', ''),
      ID.replaceAll('-', '_'),
      ...variants,
      '',
    ])
      expect(mentioned(text)).toEqual([]);
  });
});
