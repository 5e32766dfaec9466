import { type CSSVariablesResolver, createTheme, darken, luminance, type MantineTheme } from '@mantine/core';

/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;

const contrast = (a: string, b: string) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};

/** The first of a colour's shades from `from` on (then shade 9 darkened) that reads on `background`. */
function readable(shades: readonly string[], from: number, background: string): string {
  for (const shade of shades.slice(from)) if (contrast(shade, background) >= MIN_CONTRAST) return shade;
  let darker = shades[9] ?? '#000000';
  while (contrast(darker, background) < MIN_CONTRAST) darker = darken(darker, 0.1);
  return darker;
}

/*
 * Mantine's light-scheme defaults fall short of 4.5:1 in places: dimmed text (gray 6), green, orange and
 * yellow text and outlines, and the tinted "light" badges. Every colour keeps its hue and gets the first
 * shade that reads on the background it is drawn on.
 */
export const cssVariablesResolver: CSSVariablesResolver = (theme: MantineTheme) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' };
  for (const [name, shades] of Object.entries(theme.colors)) {
    const onWhite = readable(shades, 6, theme.white);
    light[`--mantine-color-${name}-text`] = onWhite;
    light[`--mantine-color-${name}-outline`] = onWhite;
    light[`--mantine-color-${name}-light-color`] = readable(shades, 9, shades[1] ?? theme.white);
  }
  return { variables: {}, light, dark: {} };
};

export const theme = createTheme({
  primaryColor: 'indigo',
  // Filled buttons and badges: a darker shade, with black text where white would not read. White reads at
  // 4.5:1 up to this background luminance; above it, black reads at 4.67:1 or more.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 1.05 / MIN_CONTRAST - 0.05,
});
