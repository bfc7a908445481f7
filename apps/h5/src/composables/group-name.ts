/**
 * WeCom caps chat names at 50 characters (appchat docs; openEnterpriseChat documents no own
 * limit, so we assume the same). Cut on grapheme boundaries so an emoji or a combined character
 * is never split into a broken half.
 */
export const GROUP_NAME_MAX = 50;

export function fitGroupName(name: string, max = GROUP_NAME_MAX): string {
  const trimmed = name.trim();
  const parts = graphemes(trimmed);
  if (parts.length <= max) return trimmed;
  return `${parts
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

function graphemes(text: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    return Array.from(new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  }
  return Array.from(text); // code points: at least never a lone surrogate
}
