/**
 * Complaint triage: reads emotional and rational needs, risk flags and emotional intensity
 * from free text (Chinese, English or mixed) using the versioned lexicon, and suggests a
 * severity. Pure functions, no framework dependencies.
 */
import { CompiledLexicon, CompiledPattern, Lexicon, getCompiledLexicon } from './lexicon';
import {
  CustomerTier,
  Cue,
  Dominant,
  EmotionalNeed,
  HIGH_VALUE_TIERS,
  Intensity,
  Need,
  NeedEvidence,
  NeedKind,
  RationalNeed,
  RiskEvidence,
  RiskFlag,
  Severity,
  TextRiskFlag,
  TriageAnalysis,
} from './types';

export interface AnalyzeOptions {
  customerTier?: CustomerTier;
  lexicon?: Lexicon;
}

interface Candidate<K extends string> {
  key: K;
  kind?: NeedKind;
  pattern: CompiledPattern;
  start: number;
  end: number;
}

/**
 * One alternation of a list's patterns, tested first: most lists match nothing in a given
 * text, and one test of the alternation costs far less than a scan per pattern.
 */
const anyOfList = new WeakMap<CompiledPattern[], RegExp>();
function anyOf(patterns: CompiledPattern[]): RegExp {
  let any = anyOfList.get(patterns);
  if (!any) {
    any = new RegExp(patterns.map((p) => `(?:${p.regex.source})`).join('|'), 'i');
    anyOfList.set(patterns, any);
  }
  return any;
}

function findAll<K extends string>(text: string, key: K, patterns: CompiledPattern[], kind?: NeedKind): Candidate<K>[] {
  const out: Candidate<K>[] = [];
  if (patterns.length === 0 || !anyOf(patterns).test(text)) return out;
  for (const pattern of patterns) {
    // exec on the pattern's own global regex: matchAll would clone the regex on every call.
    const regex = pattern.regex;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (!m[0].length) {
        regex.lastIndex++;
        continue;
      }
      out.push({ key, kind, pattern, start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}

/**
 * Overlap resolution: the longest match wins at a position; a span is claimed once.
 * An overlapping match of a different need is kept only when the lexicon says so: the very
 * same entry is listed under both needs, or the pair is declared in `sharedNeedPairs`.
 */
function resolveOverlaps<K extends string>(
  cands: Candidate<K>[],
  canShare: (a: string, b: string) => boolean = () => false,
): Candidate<K>[] {
  const sorted = [...cands].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate<K>[] = [];
  for (const c of sorted) {
    const clash = kept.some(
      (k) =>
        k.start < c.end &&
        c.start < k.end &&
        !(
          k.key !== c.key &&
          ((k.pattern.source === c.pattern.source && k.start === c.start && k.end === c.end) || canShare(k.key, c.key))
        ),
    );
    if (!clash) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Offsets right after every clause boundary (punctuation, "but", 但是 …), ascending. */
function clauseBreaks(text: string, lex: CompiledLexicon): number[] {
  const out: number[] = [];
  lex.clauseBreak.lastIndex = 0;
  for (const m of text.matchAll(lex.clauseBreak)) out.push(m.index + m[0].length);
  return out;
}

function clauseStart(breaks: number[], pos: number): number {
  let start = 0;
  for (const b of breaks) {
    if (b <= pos) start = b;
    else break;
  }
  return start;
}

function isNegated(text: string, c: Candidate<string>, breaks: number[], lex: CompiledLexicon): boolean {
  if (lex.containsNegator(text.slice(c.start, c.end))) return false;
  const before = text.slice(clauseStart(breaks, c.start), c.start);
  if (!before.trim()) return false;
  for (const n of lex.negators) {
    const m = n.regex.exec(before);
    if (!m) continue;
    // "if you don't fix it", 再不解决, 要是不给个说法: a condition, not the customer declining
    if (lex.conditional?.test(before.slice(0, m.index))) continue;
    return true;
  }
  return false;
}

function toCue(text: string, c: Candidate<string>): Cue {
  return { text: text.slice(c.start, c.end), start: c.start, end: c.end, pattern: c.pattern.source };
}

function group<K extends string>(text: string, cands: Candidate<K>[], order: readonly K[]): { key: K; cues: Cue[] }[] {
  const out: { key: K; cues: Cue[] }[] = [];
  for (const key of order) {
    const cues = cands.filter((c) => c.key === key).map((c) => toCue(text, c));
    if (cues.length) out.push({ key, cues });
  }
  return out;
}

/** Typographic repetition: "!!", "！！", ALL-CAPS words of 3+ letters (known acronyms excepted). */
function typographicMarks(text: string, lex: CompiledLexicon): number {
  let marks = 0;
  if (/[!！]{2,}/.test(text)) marks++;
  const caps = text.match(/(?<![A-Za-z])[A-Z]{3,}(?![A-Za-z])/g) ?? [];
  if (caps.some((w) => !lex.capsIgnore.has(w))) marks++;
  return marks;
}

/**
 * Intensity (0..3):
 * - no emotional cue: 1 if the text shows typographic agitation ("!!", CAPS), else 0;
 * - otherwise base 1 (2 when there are two or more vent cues),
 *   +1 an intensifier in the same clause as an emotional cue,
 *   +1 repetition (typographic marks or a repetition phrase such as 第三次, again and again),
 *   +1 any risk flag read from the text; capped at 3.
 */
function computeIntensity(
  text: string,
  lex: CompiledLexicon,
  emotional: Candidate<Need>[],
  breaks: number[],
  textFlags: number,
): Intensity {
  const typo = typographicMarks(text, lex);
  if (!emotional.length) return typo > 0 ? 1 : 0;
  const vent = emotional.filter((c) => c.key === 'vent').length;
  let score = vent >= 2 ? 2 : 1;
  const clauseOf = (pos: number) => breaks.filter((b) => b <= pos).length;
  const emoClauses = new Set(emotional.map((c) => clauseOf(c.start)));
  const intens = findAll(text, 'i', lex.intensifiers).filter((i) => emoClauses.has(clauseOf(i.start)));
  if (intens.length) score++;
  const rep = findAll(text, 'r', lex.repetition).length;
  if (typo > 0 || rep > 0) score++;
  if (textFlags > 0) score++;
  return Math.min(3, score) as Intensity;
}

/** Weight of one need: 1 for the first cue, +0.5 per further cue, at most 2. */
function needWeight(cues: number): number {
  return Math.min(2, 1 + 0.5 * (cues - 1));
}

/** Ratio above which one side clearly outweighs the other. */
export const DOMINANCE_RATIO = 2.5;

/**
 * Dominance score:
 *   E = Σ needWeight(emotional need) + 0.5 × max(0, intensity − 1)
 *   R = Σ needWeight(rational need)
 * emotional if E ≥ 2.5·R (E > 0), rational if R ≥ 2.5·E (R > 0), mixed otherwise;
 * a text with neither kind of evidence is rational (nothing to calm first).
 */
export function dominanceOf(emotionalScore: number, rationalScore: number): Dominant {
  if (emotionalScore <= 0 && rationalScore <= 0) return 'rational';
  if (emotionalScore >= DOMINANCE_RATIO * rationalScore) return 'emotional';
  if (rationalScore >= DOMINANCE_RATIO * emotionalScore) return 'rational';
  return 'mixed';
}

/**
 * Severity: major for regulator/media/legal threats or intensity 3 with a churn threat;
 * serious for a churn threat, a repeat complaint, intensity ≥ 2, or a high-value customer
 * with intensity ≥ 1; ordinary otherwise.
 */
export function suggestSeverity(flags: readonly RiskFlag[], intensity: Intensity): Severity {
  const has = (f: RiskFlag) => flags.includes(f);
  if (has('regulator_threat') || has('media_threat') || has('legal_threat')) return 'major';
  if (intensity >= 3 && has('churn_threat')) return 'major';
  if (has('churn_threat') || has('repeat_complaint') || intensity >= 2) return 'serious';
  if (has('high_value_customer') && intensity >= 1) return 'serious';
  return 'ordinary';
}

export function analyzeText(text: string, options: AnalyzeOptions = {}): TriageAnalysis {
  const lex = getCompiledLexicon(options.lexicon);
  const input = typeof text === 'string' ? text : '';
  const breaks = clauseBreaks(input, lex);

  const needCands: Candidate<Need>[] = [];
  for (const n of lex.needs) needCands.push(...findAll<Need>(input, n.need, n.patterns, n.kind));
  const needs = resolveOverlaps(needCands, lex.canShare).filter((c) => !isNegated(input, c, breaks, lex));

  const riskCands: Candidate<TextRiskFlag>[] = [];
  for (const r of lex.risks) riskCands.push(...findAll<TextRiskFlag>(input, r.flag, r.patterns));
  const risks = resolveOverlaps(riskCands).filter((c) => !isNegated(input, c, breaks, lex));

  const emotional = needs.filter((c) => c.kind === 'emotional');
  const rational = needs.filter((c) => c.kind === 'rational');
  const emotionalNeeds = group(input, emotional, lex.needs.filter((n) => n.kind === 'emotional').map((n) => n.need)).map(
    (g) => ({ need: g.key as EmotionalNeed, cues: g.cues }),
  );
  const rationalNeeds = group(input, rational, lex.needs.filter((n) => n.kind === 'rational').map((n) => n.need)).map(
    (g) => ({ need: g.key as RationalNeed, cues: g.cues }),
  );
  const riskCues: RiskEvidence[] = group(input, risks, lex.risks.map((r) => r.flag)).map((g) => ({
    flag: g.key,
    cues: g.cues,
  }));
  const riskFlags: RiskFlag[] = riskCues.map((r) => r.flag);
  const intensity = computeIntensity(input, lex, emotional, breaks, riskFlags.length);
  if (options.customerTier && HIGH_VALUE_TIERS.includes(options.customerTier)) riskFlags.push('high_value_customer');

  const score = (list: NeedEvidence[]) => list.reduce((s, n) => s + needWeight(n.cues.length), 0);
  const eScore = score(emotionalNeeds) + 0.5 * Math.max(0, intensity - 1);
  const rScore = score(rationalNeeds);

  return {
    dominant: dominanceOf(eScore, rScore),
    emotionalNeeds,
    rationalNeeds,
    emotionalIntensity: intensity,
    riskFlags,
    riskCues,
    suggestedSeverity: suggestSeverity(riskFlags, intensity),
    lexiconVersion: lex.version,
  };
}
