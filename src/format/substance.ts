/**
 * What a complete report holds (条例第五十条 and the national format): the six sections, the three tables, and a
 * 存在的主要问题及改进情况 that says something. "Says something" is a deterministic test, documented in the README:
 * the section's text, less its own headings and the formulas below, less spaces, punctuation and numbering, must
 * keep at least PROBLEMS_MIN_CHARS characters.
 */

/** Characters section 五 must keep after stripping; the five real reports bundled keep 148 to 281. */
export const PROBLEMS_MIN_CHARS = 50;

/**
 * Formulas that say nothing on their own: the section's headings repeated inside it, and the stock phrases of an
 * empty answer. Removed before counting; a section made only of these (and short filler) is empty.
 */
export const EMPTY_FORMULAS: RegExp[] = [
  /(?:政府信息公开工作)?存在的?主要问题(?:及|和|与)(?:改进|整改)(?:情况|措施)/g,
  /(?:存在的?)?(?:主要)?问题|(?:改进|整改)(?:情况|措施)|下一步(?:工作)?(?:打算|计划)?/g,
  /暂无|没有|无明显问题|未发现问题|不存在问题|本年度无|无$/g,
];

const NUMBERING = /[一二三四五六七八九十]+是|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．]/g;
const NOISE = /[\s\p{P}\p{S}\d]/gu;

/** The characters of a section's text that count as content (see PROBLEMS_MIN_CHARS). */
export function substance(text: string | null): number {
  if (!text) return 0;
  let s = text.normalize('NFKC').replace(NUMBERING, '').replace(NOISE, '');
  for (const f of EMPTY_FORMULAS) s = s.replace(f, '');
  return s.length;
}
