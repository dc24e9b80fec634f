import { Language } from './types';

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const LATIN_WORD = /[A-Za-z]+/g;

/**
 * 'zh' when CJK characters dominate: at least as many CJK characters as Latin words
 * (a Chinese word is one to two characters), else 'en'. Text without letters is 'en'.
 */
export function detectLanguage(text: string): Language {
  const cjk = (text.match(CJK) ?? []).length;
  if (!cjk) return 'en';
  const latinWords = (text.match(LATIN_WORD) ?? []).length;
  return cjk >= latinWords ? 'zh' : 'en';
}
