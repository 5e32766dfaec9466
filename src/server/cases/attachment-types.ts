import { fileTypeFromBuffer } from 'file-type';

/**
 * What a case attachment may be, decided by its bytes rather than by what the client claims. Binary files prove
 * their type by magic bytes (`file-type`); text has no magic bytes, so it must decode as UTF-8 without NUL and its
 * name says which text it is. Either way the name's extension must agree with the content, so a download never
 * opens as something other than what it holds.
 */

export type ContentCheck = { ok: true; contentType: string } | { ok: false; problem: string };

/** By the extension `file-type` reports: the content type stored and the names it may carry. */
const BINARY_TYPES = new Map<string, { contentType: string; extensions: readonly string[] }>([
  ['png', { contentType: 'image/png', extensions: ['png'] }],
  ['jpg', { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] }],
  ['gif', { contentType: 'image/gif', extensions: ['gif'] }],
  ['webp', { contentType: 'image/webp', extensions: ['webp'] }],
  ['pdf', { contentType: 'application/pdf', extensions: ['pdf'] }],
  ['zip', { contentType: 'application/zip', extensions: ['zip'] }],
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

interface TextType {
  contentType: string;
  /** What the decoded text must satisfy beyond being text. */
  problemIn?: (text: string) => string | null;
}

/** By extension (a Map, so a name ending in `.constructor` finds nothing). */
const TEXT_TYPES = new Map<string, TextType>([
  ['txt', { contentType: 'text/plain' }],
  ['log', { contentType: 'text/plain' }],
  ['csv', { contentType: 'text/csv' }],
  [
    'json',
    {
      contentType: 'application/json',
      problemIn: (text) => (parseJson(text).ok ? null : 'is not valid JSON'),
    },
  ],
  [
    'har',
    {
      contentType: 'application/json',
      problemIn: (text) => {
        const parsed = parseJson(text);
        return parsed.ok && isObject(parsed.value) && isObject(parsed.value.log)
          ? null
          : 'is not a HAR file (JSON with a "log" object)';
      },
    },
  ],
]);

export const ALLOWED_TYPES_TEXT =
  'images (.png, .jpg, .gif, .webp), PDF, text and logs (.txt, .log), CSV, JSON and HAR, ZIP';

/** The lower-cased text after the last dot; none for a name without one or a dot-file such as `.log`. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** The text, or null when the bytes are not UTF-8 or hold a NUL (which no text file this allows contains). */
function decodeText(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}

function checkText(extension: string, type: TextType, bytes: Uint8Array): ContentCheck {
  const text = decodeText(bytes);
  if (text === null) return { ok: false, problem: `is named .${extension} but is not UTF-8 text` };
  const problem = type.problemIn?.(text);
  return problem ? { ok: false, problem } : { ok: true, contentType: type.contentType };
}

async function checkBinary(extension: string, bytes: Uint8Array): Promise<ContentCheck> {
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected && BINARY_TYPES.get(detected.ext);
  if (!detected || !type) {
    const what = detected ? `${detected.mime} content` : 'content of a type it cannot tell';
    return { ok: false, problem: `holds ${what}; allowed are ${ALLOWED_TYPES_TEXT}` };
  }
  if (!type.extensions.includes(extension))
    return {
      ok: false,
      problem: `holds ${type.contentType} content, so its name must end in .${type.extensions[0]}`,
    };
  return { ok: true, contentType: type.contentType };
}

/** The content type to store and serve for a file, or why it is refused. */
export async function checkAttachmentContent(fileName: string, bytes: Uint8Array): Promise<ContentCheck> {
  const extension = extensionOf(fileName);
  const textType = TEXT_TYPES.get(extension);
  return textType ? checkText(extension, textType, bytes) : checkBinary(extension, bytes);
}

export const MAX_FILE_NAME_LENGTH = 255;

export interface FileNameProblem {
  reason: 'blank' | 'too_long' | 'unstorable_text' | 'multiline';
  message: string;
  params?: { limit: number };
}

/** Names arrive as the client sent them (the multipart parser already dropped any directory part). */
export function fileNameProblem(fileName: string): FileNameProblem | null {
  if (fileName.trim() === '') return { reason: 'blank', message: 'every file needs a name' };
  if (fileName.length > MAX_FILE_NAME_LENGTH)
    return {
      reason: 'too_long',
      message: `a file name may have at most ${MAX_FILE_NAME_LENGTH} characters`,
      params: { limit: MAX_FILE_NAME_LENGTH },
    };
  if (fileName.includes('\u0000') || !fileName.isWellFormed())
    return { reason: 'unstorable_text', message: 'a file name must not contain NUL or unpaired surrogates' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f\u007f]/.test(fileName))
    return { reason: 'multiline', message: 'a file name must be one line without control characters' };
  return null;
}
