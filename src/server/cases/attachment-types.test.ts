import { describe, expect, it } from 'vitest';
import {
  CSV,
  EXE,
  GIF,
  HAR,
  HTML,
  JPEG,
  JSON_FILE,
  LOG,
  PDF,
  PNG,
  WEBP,
  ZIP,
  zipOf,
} from '../../../tests/support/sample-files.js';
import {
  checkAttachmentContent,
  extensionOf,
  fileNameProblem,
  MAX_FILE_NAME_LENGTH,
} from './attachment-types.js';

const typeOf = async (fileName: string, bytes: Buffer) => {
  const check = await checkAttachmentContent(fileName, bytes);
  return check.ok ? check.contentType : null;
};

describe('checkAttachmentContent', () => {
  it.each([
    ['screenshot.png', PNG, 'image/png'],
    ['photo.jpg', JPEG, 'image/jpeg'],
    ['photo.JPEG', JPEG, 'image/jpeg'],
    ['anim.gif', GIF, 'image/gif'],
    ['still.webp', WEBP, 'image/webp'],
    ['invoice.pdf', PDF, 'application/pdf'],
    ['logs.zip', ZIP, 'application/zip'],
    ['notes.txt', LOG, 'text/plain'],
    ['sync.log', LOG, 'text/plain'],
    ['orders.csv', CSV, 'text/csv'],
    ['order.json', JSON_FILE, 'application/json'],
    ['session.har', HAR, 'application/json'],
  ])('accepts %s as %s', async (fileName, bytes, contentType) => {
    expect(await typeOf(fileName, bytes)).toBe(contentType);
  });

  it('accepts text in any script, with a byte-order mark, and empty text', async () => {
    expect(await typeOf('grüße.log', Buffer.from('Bestellung fehlgeschlagen — 注文 ✓\n'))).toBe('text/plain');
    expect(await typeOf('bom.json', Buffer.from('\uFEFF{"a": 1}'))).toBe('application/json');
    expect(await typeOf('empty.txt', Buffer.alloc(0))).toBe('text/plain');
  });

  it.each([
    ['an executable', 'setup.exe', EXE],
    ['an executable named like a log', 'setup.log', EXE],
    ['an executable named like an image', 'setup.png', EXE],
    ['HTML', 'page.html', HTML],
    [
      'SVG',
      'logo.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ['text claiming to be a PNG', 'fake.png', Buffer.from('not really a png')],
    ['a PNG named as text', 'image.txt', PNG],
    ['a PNG named as a PDF', 'report.pdf', PNG],
    ['a PNG without an extension', 'screenshot', PNG],
    ['text with a NUL', 'nul.log', Buffer.from('line\u0000line')],
    ['bytes that are not UTF-8', 'latin1.csv', Buffer.from([0x66, 0xfc, 0x72, 0x0a])],
    ['JSON that does not parse', 'broken.json', Buffer.from('{"half":')],
    ['a HAR without a log object', 'broken.har', Buffer.from('{"entries": []}')],
    ['a HAR whose log is a list', 'list.har', Buffer.from('{"log": []}')],
    [
      'a Java archive (a ZIP of another kind)',
      'plugin.zip',
      zipOf('META-INF/MANIFEST.MF', Buffer.from('Manifest-Version: 1.0\n')),
    ],
    ['a name whose extension is an Object property', 'x.constructor', LOG],
    ['an empty file with a binary name', 'empty.png', Buffer.alloc(0)],
  ])('refuses %s', async (_what, fileName, bytes) => {
    const check = await checkAttachmentContent(fileName, bytes);
    expect(check.ok).toBe(false);
  });

  it('says why: the content it found, or the name it needs', async () => {
    expect(await checkAttachmentContent('setup.exe', EXE)).toEqual({
      ok: false,
      problem: expect.stringContaining('application/x-msdownload content'),
    });
    expect(await checkAttachmentContent('report.pdf', PNG)).toEqual({
      ok: false,
      problem: 'holds image/png content, so its name must end in .png',
    });
    expect(await checkAttachmentContent('image.txt', PNG)).toEqual({
      ok: false,
      problem: 'is named .txt but is not UTF-8 text',
    });
  });
});

describe('extensionOf', () => {
  it.each([
    ['report.PDF', 'pdf'],
    ['archive.tar.zip', 'zip'],
    ['.log', ''],
    ['README', ''],
    ['trailing.', ''],
  ])('%s → "%s"', (name, extension) => {
    expect(extensionOf(name)).toBe(extension);
  });
});

describe('fileNameProblem', () => {
  it('accepts ordinary names in any script', () => {
    expect(fileNameProblem('Screenshot 2026-06-15 at 10.00.00.png')).toBeNull();
    expect(fileNameProblem('Bestellübersicht "Juni"; 注文.csv')).toBeNull();
    expect(fileNameProblem('a'.repeat(MAX_FILE_NAME_LENGTH))).toBeNull();
  });

  it.each([
    ['', 'blank'],
    ['   ', 'blank'],
    ['a'.repeat(MAX_FILE_NAME_LENGTH + 1), 'too_long'],
    ['nul\u0000.txt', 'unstorable_text'],
    ['lone\uD800.txt', 'unstorable_text'],
    ['two\nlines.txt', 'multiline'],
    ['escape\u001b[31m.log', 'multiline'],
  ])('refuses %j: %s', (name, reason) => {
    expect(fileNameProblem(name)?.reason).toBe(reason);
  });
});
