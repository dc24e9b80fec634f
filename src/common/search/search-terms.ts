/**
 * Search terms for Chinese and English text, for PostgreSQL full-text search without a
 * Chinese word-segmentation extension (zhparser is not in Debian's PostgreSQL).
 *
 * - Runs of CJK characters become overlapping character bigrams (宽带断网 → 宽带 带断 断网), and
 *   each character on its own as a unigram, so a two-character query matches any text that
 *   contains those two characters side by side, and a one-character query still finds something.
 * - Everything else is split into lower-cased latin/digit words, which PostgreSQL stems with
 *   the `english` configuration (drops → drop).
 *
 * Stored as a weighted tsvector with a GIN index; queries OR their terms and rank with ts_rank.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

export interface SearchTerms {
  /** CJK bigrams and unigrams, each a plain lexeme. */
  cjk: string[];
  /** Latin/digit words, lower-cased, for the `english` configuration. */
  words: string[];
}

/** Terms of a text for indexing (bigrams and unigrams of every CJK run, every word). */
export function indexTerms(text: string | null | undefined): SearchTerms {
  return termsOf(text ?? '', true);
}

/** Terms of a query: bigrams of CJK runs (a one-character run is its unigram), words; deduplicated, at most `max`. */
export function queryTerms(text: string | null | undefined, max = 64): SearchTerms {
  const t = termsOf(text ?? '', false);
  return { cjk: [...new Set(t.cjk)].slice(0, max), words: [...new Set(t.words)].slice(0, max) };
}

function termsOf(text: string, withUnigrams: boolean): SearchTerms {
  const normalised = text.normalize('NFKC').toLowerCase();
  const cjk: string[] = [];
  for (const run of normalised.match(CJK_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) {
      cjk.push(chars[0]);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) cjk.push(chars[i] + chars[i + 1]);
    if (withUnigrams) cjk.push(...chars);
  }
  const words: string[] = [];
  for (const w of normalised.replace(CJK_RUN, ' ').match(WORD) ?? []) {
    if (!CJK.test(w) && w.length <= 64) words.push(w);
  }
  return { cjk, words };
}

/** The CJK terms as text for to_tsvector('simple', …): space-separated, so each is one lexeme. */
export const cjkDocument = (terms: SearchTerms): string => terms.cjk.join(' ');
/** The words as text for to_tsvector('english', …). */
export const wordDocument = (terms: SearchTerms): string => terms.words.join(' ');

/** A tsquery text OR-ing the CJK terms as quoted lexemes (they hold no quotes or operators); null when none. */
export function cjkQuery(terms: SearchTerms): string | null {
  return terms.cjk.length ? terms.cjk.map((t) => `'${t.replace(/['\\]/g, '')}'`).join(' | ') : null;
}

/** A to_tsquery('english', …) text OR-ing the words (letters and digits only); null when none. */
export function wordQuery(terms: SearchTerms): string | null {
  const words = terms.words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  return words.length ? words.join(' | ') : null;
}

/**
 * SQL of a weighted tsvector from parts of a text, e.g. `[[title, 'A'], [body, 'B']]`.
 * `p` adds a parameter and returns its placeholder.
 */
export function tsvectorSql(p: (value: unknown) => string, parts: [string | null | undefined, 'A' | 'B' | 'C' | 'D'][]): string {
  return parts
    .map(([text, weight]) => {
      const terms = indexTerms(text);
      return `setweight(to_tsvector('simple', ${p(cjkDocument(terms))}) || to_tsvector('english', ${p(wordDocument(terms))}), '${weight}')`;
    })
    .join(' || ');
}

/** SQL of the tsquery of a search text, or null when the text has no terms. */
export function tsquerySql(p: (value: unknown) => string, text: string | null | undefined, max?: number): string | null {
  const terms = queryTerms(text, max);
  const cjk = cjkQuery(terms);
  const words = wordQuery(terms);
  if (!cjk && !words) return null;
  const parts = [cjk ? `${p(cjk)}::tsquery` : null, words ? `to_tsquery('english', ${p(words)})` : null].filter(Boolean);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
}
