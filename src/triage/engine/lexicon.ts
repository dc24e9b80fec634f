/**
 * Lexicon loading and compilation. The lexicon is data (src/triage/data/lexicon.v1.json);
 * this module turns its regex-lite patterns into RegExps once and caches the result per
 * lexicon object. The pattern syntax is documented in the JSON file under "syntax".
 */
import defaultLexiconJson from '../data/lexicon.v1.json';
import {
  EMOTIONAL_NEEDS,
  Need,
  NeedKind,
  RATIONAL_NEEDS,
  TEXT_RISK_FLAGS,
  TextRiskFlag,
} from './types';

export type PatternLang = 'en' | 'zh';

export interface NegatorEntry {
  p: string;
  /** en: words allowed between negator and cue; zh: characters allowed between them. */
  window?: number;
}

export interface PatternLists {
  en?: string[];
  zh?: string[];
}

export interface Lexicon {
  version: string;
  languages: string[];
  negators: { en: (string | NegatorEntry)[]; zh: (string | NegatorEntry)[] };
  negationWindow?: { en?: number; zh?: number };
  clauseBreaks?: PatternLists;
  intensifiers: PatternLists;
  repetition?: PatternLists;
  capsIgnore?: string[];
  /** pairs of needs whose cues may claim overlapping spans ("*" = any need) */
  sharedNeedPairs?: [string, string][];
  /** words that turn a following negator into a condition ("if you don't fix it") */
  conditionals?: PatternLists;
  needs: Record<string, PatternLists & { kind: NeedKind }>;
  riskFlags: Record<string, PatternLists>;
  [extra: string]: unknown;
}

export interface CompiledPattern {
  /** the lexicon entry as written, reported as Cue.pattern */
  source: string;
  lang: PatternLang;
  regex: RegExp;
}

export interface CompiledNegator {
  source: string;
  /** anchored at the end of the clause text that precedes a cue */
  regex: RegExp;
}

export interface CompiledLexicon {
  version: string;
  needs: { need: Need; kind: NeedKind; patterns: CompiledPattern[] }[];
  risks: { flag: TextRiskFlag; patterns: CompiledPattern[] }[];
  negators: CompiledNegator[];
  /** global regex matching clause boundaries (punctuation, "but", 但是 ...) */
  clauseBreak: RegExp;
  intensifiers: CompiledPattern[];
  repetition: CompiledPattern[];
  capsIgnore: Set<string>;
  /** may cues of these two needs overlap? */
  canShare: (a: string, b: string) => boolean;
  /** matches a conditional marker ("if", 如果, 再 …) */
  conditional: RegExp | null;
  /** true when a matched cue text itself contains a negator ("still not fixed", 没人理, 不满) */
  containsNegator: (cueText: string) => boolean;
}

const EN_WORD_CHAR = "A-Za-z0-9_";
const EN_BEFORE = `(?<![${EN_WORD_CHAR}])`;
const EN_AFTER = `(?![${EN_WORD_CHAR}])`;
const EN_SEP = "[\\s\\-]+";
const EN_NUMBER = '\\d+(?:[.,]\\d+)?';
const ZH_GAP = '[^,.;!?，。；！？\\s]{0,6}';
const ZH_NUMBER = '[0-9０-９一二三四五六七八九十百千万两几]+';
const PUNCT_BREAK = '[,.;!?，。；！？、\\n]';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Simple English inflection for one plain word (lexicon words are written in base form). */
function inflect(word: string): string {
  const w = word.toLowerCase();
  const apos = (s: string) => s.replace(/'/g, "['’]");
  if (w.length < 4 || !/^[a-z]+$/.test(w)) return apos(escapeRegex(w));
  if (w.endsWith('e')) return `${w.slice(0, -1)}(?:e|es|ed|ing|er|ers)`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}(?:y|ies|ied|ying)`;
  return `${w}(?:s|es|ed|ing|'s|’s)?`;
}

function compileEnWord(word: string): string {
  const apos = (x: string) => x.replace(/'/g, "['’]");
  if (word === '#') return EN_NUMBER;
  if (word.includes('#')) return word.split('#').map((p) => apos(escapeRegex(p.toLowerCase()))).join('\\d+');
  if (word.startsWith('=')) return apos(escapeRegex(word.slice(1).toLowerCase()));
  if (word.endsWith('*')) return `${apos(escapeRegex(word.slice(0, -1).toLowerCase()))}[A-Za-z'’]*`;
  return inflect(word);
}

type EnNode = { kind: 'word'; body: string; optional: boolean } | { kind: 'gap' };

/** Recursive-descent parser for the English regex-lite syntax (sequence / group / alternatives). */
class EnParser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): string {
    const out = this.seq();
    if (this.i < this.src.length) throw new Error(`unexpected "${this.src[this.i]}" at ${this.i}`);
    return out;
  }

  private skipWs(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i])) this.i++;
  }

  private seq(): string {
    const nodes: EnNode[] = [];
    for (;;) {
      this.skipWs();
      const ch = this.src[this.i];
      if (ch === undefined || ch === ')' || ch === '|') break;
      if (this.src.startsWith('...', this.i)) {
        this.i += 3;
        nodes.push({ kind: 'gap' });
        continue;
      }
      let body: string;
      if (ch === '(') {
        this.i++;
        const alts = [this.seq()];
        while (this.src[this.i] === '|') {
          this.i++;
          alts.push(this.seq());
        }
        if (this.src[this.i] !== ')') throw new Error('unclosed group');
        this.i++;
        body = `(?:${alts.join('|')})`;
        const next = this.src[this.i];
        if (next !== undefined && !/[\s()|?]/.test(next)) throw new Error(`unexpected "${next}" after group at ${this.i}`);
      } else {
        let w = '';
        while (this.i < this.src.length && !/[\s()|]/.test(this.src[this.i])) w += this.src[this.i++];
        if (w.length > 1 && w.endsWith('?')) {
          this.i--;
          w = w.slice(0, -1);
        }
        body = compileEnWord(w);
      }
      let optional = false;
      if (this.src[this.i] === '?') {
        optional = true;
        this.i++;
      }
      nodes.push({ kind: 'word', body, optional });
    }
    let out = '';
    let started = false;
    for (const n of nodes) {
      if (n.kind === 'gap') {
        out += started ? `(?:${EN_SEP}[A-Za-z0-9'’]+){0,3}` : `(?:[A-Za-z0-9'’]+${EN_SEP}){0,3}`;
        continue;
      }
      if (!started) out += n.optional ? `(?:${n.body}${EN_SEP})?` : n.body;
      else out += n.optional ? `(?:${EN_SEP}${n.body})?` : `${EN_SEP}${n.body}`;
      if (!n.optional) started = true;
    }
    return out;
  }
}

/**
 * English regex-lite: whitespace-separated tokens, matched case-insensitively on word
 * boundaries. `word` = base form with simple inflection, `=word` exact, `stem*` prefix,
 * `(a b|c)` alternatives (each a sequence), `tok?` / `(..)?` optional, `...` up to 3
 * arbitrary words, `#` a number (also inside a word: `#th`).
 */
export function compileEnPattern(pattern: string): string {
  return `${EN_BEFORE}${new EnParser(pattern.trim()).parse()}${EN_AFTER}`;
}

/**
 * Chinese regex-lite: substring match; `…` = up to 6 non-punctuation characters,
 * `#` = a number (digits or 一二三…), `(a|b)` alternatives, `x?` / `(ab)?` optional.
 */
export function compileZhPattern(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '…') out += ZH_GAP;
    else if (ch === '#') out += ZH_NUMBER;
    else if (ch === '(' || ch === ')' || ch === '|' || ch === '?') out += ch === '(' ? '(?:' : ch;
    else if (/\s/.test(ch)) out += '\\s*';
    else out += escapeRegex(ch);
  }
  return out;
}

function toEntry(e: string | NegatorEntry, defaultWindow: number): Required<NegatorEntry> {
  return typeof e === 'string' ? { p: e, window: defaultWindow } : { p: e.p, window: e.window ?? defaultWindow };
}

function compileNegators(lex: Lexicon): { negators: CompiledNegator[]; containsNegator: (cueText: string) => boolean } {
  const enWindow = lex.negationWindow?.en ?? 3;
  const zhWindow = lex.negationWindow?.zh ?? 2;
  const negators: CompiledNegator[] = [];
  const enBodies: string[] = [];
  const zhBodies: string[] = [];
  for (const raw of lex.negators.en ?? []) {
    const e = toEntry(raw, enWindow);
    const body = compileEnPattern(e.p);
    enBodies.push(body);
    negators.push({ source: e.p, regex: new RegExp(`${body}(?:${EN_SEP}[A-Za-z0-9'’]+){0,${e.window}}[\\s\\-]*$`, 'i') });
  }
  for (const raw of lex.negators.zh ?? []) {
    const e = toEntry(raw, zhWindow);
    const body = compileZhPattern(e.p);
    zhBodies.push(body);
    negators.push({ source: e.p, regex: new RegExp(`${body}[^]{0,${e.window}}$`, 'i') });
  }
  const enAny = enBodies.length ? new RegExp(enBodies.join('|'), 'i') : null;
  const zhAny = zhBodies.length ? new RegExp(zhBodies.join('|'), 'i') : null;
  const containsNegator = (cueText: string): boolean => !!enAny?.test(cueText) || !!zhAny?.test(cueText);
  return { negators, containsNegator };
}

function compileLists(lists: PatternLists | undefined, where: string): CompiledPattern[] {
  const out: CompiledPattern[] = [];
  for (const lang of ['en', 'zh'] as const) {
    for (const source of lists?.[lang] ?? []) {
      if (typeof source !== 'string' || !source.trim()) throw new Error(`lexicon: empty pattern in ${where}.${lang}`);
      let regex: RegExp;
      try {
        const body = lang === 'en' ? compileEnPattern(source) : compileZhPattern(source);
        regex = new RegExp(body, 'gi');
      } catch (err) {
        throw new Error(`lexicon: bad pattern "${source}" in ${where}.${lang}: ${(err as Error).message}`);
      }
      out.push({ source, lang, regex });
    }
  }
  return out;
}

export function compileLexicon(lex: Lexicon): CompiledLexicon {
  if (!lex || typeof lex.version !== 'string') throw new Error('lexicon: missing version');
  const { negators, containsNegator } = compileNegators(lex);
  const needs: CompiledLexicon['needs'] = [];
  for (const need of [...EMOTIONAL_NEEDS, ...RATIONAL_NEEDS] as Need[]) {
    const entry = lex.needs[need];
    if (!entry) continue;
    const expected: NeedKind = (EMOTIONAL_NEEDS as readonly string[]).includes(need) ? 'emotional' : 'rational';
    if (entry.kind !== expected) throw new Error(`lexicon: need ${need} must have kind ${expected}`);
    needs.push({ need, kind: entry.kind, patterns: compileLists(entry, `needs.${need}`) });
  }
  for (const key of Object.keys(lex.needs)) {
    if (!needs.some((n) => n.need === key)) throw new Error(`lexicon: unknown need ${key}`);
  }
  const risks: CompiledLexicon['risks'] = [];
  for (const flag of TEXT_RISK_FLAGS) {
    const entry = lex.riskFlags[flag];
    if (entry) risks.push({ flag, patterns: compileLists(entry, `riskFlags.${flag}`) });
  }
  for (const key of Object.keys(lex.riskFlags)) {
    if (!(TEXT_RISK_FLAGS as readonly string[]).includes(key)) throw new Error(`lexicon: unknown or non-text risk flag ${key}`);
  }
  const breakAlts = [PUNCT_BREAK];
  for (const w of lex.clauseBreaks?.en ?? []) breakAlts.push(compileEnPattern(w));
  for (const w of lex.clauseBreaks?.zh ?? []) breakAlts.push(compileZhPattern(w));
  const pairs = (lex.sharedNeedPairs ?? []).map(([a, b]) => [a, b] as const);
  const canShare = (a: string, b: string): boolean =>
    pairs.some(([x, y]) => (x === a && (y === b || y === '*')) || (x === b && (y === a || y === '*')));
  const condAlts = [
    ...(lex.conditionals?.en ?? []).map(compileEnPattern),
    ...(lex.conditionals?.zh ?? []).map(compileZhPattern),
  ];
  return {
    version: lex.version,
    canShare,
    conditional: condAlts.length ? new RegExp(condAlts.join('|'), 'i') : null,
    needs,
    risks,
    negators,
    clauseBreak: new RegExp(breakAlts.join('|'), 'gi'),
    intensifiers: compileLists(lex.intensifiers, 'intensifiers'),
    repetition: compileLists(lex.repetition, 'repetition'),
    containsNegator,
    capsIgnore: new Set((lex.capsIgnore ?? []).map((w) => w.toUpperCase())),
  };
}

export const DEFAULT_LEXICON: Lexicon = defaultLexiconJson as unknown as Lexicon;

const cache = new WeakMap<Lexicon, CompiledLexicon>();

/** Compiled form of `lex` (default lexicon when omitted), compiled once per lexicon object. */
export function getCompiledLexicon(lex: Lexicon = DEFAULT_LEXICON): CompiledLexicon {
  let compiled = cache.get(lex);
  if (!compiled) {
    compiled = compileLexicon(lex);
    cache.set(lex, compiled);
  }
  return compiled;
}
