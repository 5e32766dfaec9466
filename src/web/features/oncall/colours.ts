/** Light shades with black text read at well over 4.5:1; a person keeps their colour on every row and page. */
const PALETTE = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'indigo', 'violet', 'yellow'];

export function colourOf(userId: string): { background: string; border: string } {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  const colour = PALETTE[hash % PALETTE.length] ?? 'blue';
  return {
    background: `var(--mantine-color-${colour}-2)`,
    border: `var(--mantine-color-${colour}-7)`,
  };
}
