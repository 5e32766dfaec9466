import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/generate-api-types.js';
import { projectRoot } from '../src/server/paths.js';

/** The first line where two texts part, to point at what changed without printing both files. */
function firstDifference(committed: string, generated: string): string {
  const was = committed.split('\n');
  const now = generated.split('\n');
  const line = now.findIndex((text, index) => text !== was[index]);
  const at = line === -1 ? now.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(was[at] ?? '(end)')}, server ${JSON.stringify(now[at] ?? '(end)')}`;
}

it("the SPA's API types match the server's OpenAPI document", async () => {
  const committed = await readFile(path.join(projectRoot, API_TYPES_FILE), 'utf8');
  const generated = await generateApiTypes();
  if (committed !== generated) {
    expect.fail(
      `${API_TYPES_FILE} is stale: run npm run api:types (${firstDifference(committed, generated)})`,
    );
  }
});
