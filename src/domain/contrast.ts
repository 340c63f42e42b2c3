// WCAG 2.2 contrast (success criterion 1.4.3): a brand's accent is the background of buttons
// with white text, so it must reach 4.5:1 against white to be readable.

/** The AA minimum for normal text. */
export const MIN_CONTRAST = 4.5;

const HEX = /^#[0-9a-fA-F]{6}$/;

export function isHexColour(value: string): boolean {
  return HEX.test(value);
}

/** Relative luminance of an sRGB colour `#rrggbb`, as WCAG defines it. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The ratio of white text on `accent`, rounded down to two decimals (so 4.499 never shows as 4.5). */
export function contrastOnWhiteText(accent: string): number {
  return Math.floor(contrastRatio(accent, '#ffffff') * 100) / 100;
}
