import { FieldError } from '../../common/errors/app.exception';
import { EVIDENCE_KINDS, EvidenceKind, isRootCauseCategory, MAX_WHYS, MIN_WHYS } from '../../domain/root-cause';

export interface Evidence {
  kind: EvidenceKind;
  ref: string | null;
  description: string;
}

export interface Why {
  question: string;
  answer: string;
  evidence: Evidence[];
}

/** The analysis as staff write it: the gap, the chain of whys, the concluded cause. */
export interface AnalysisContent {
  problemStatement: string;
  expected: string | null;
  actual: string | null;
  whys: Why[];
  rootCause: string;
  category: string;
}

export const MAX_EVIDENCE_PER_WHY = 20;
const blank = (s: unknown) => typeof s !== 'string' || s.trim().length === 0;

/**
 * The rules of a 5-Whys chain beyond field types: 1 to 7 whys, each with a question and a
 * non-blank answer, evidence of a known kind with a description, a concluded root cause and a
 * category of the taxonomy. Answers every violation, each naming its field (`whys[2].answer`).
 */
export function validateAnalysis(input: { problemStatement?: unknown; whys?: unknown; rootCause?: unknown; category?: unknown }): FieldError[] {
  const errors: FieldError[] = [];
  if (blank(input.problemStatement)) errors.push({ field: 'problemStatement', message: 'problemStatement must not be empty' });
  if (blank(input.rootCause)) errors.push({ field: 'rootCause', message: 'rootCause must not be empty' });
  if (!isRootCauseCategory(input.category)) errors.push({ field: 'category', message: 'category must be a key of GET /root-cause-categories' });
  errors.push(...validateChain(input.whys));
  return errors;
}

export function validateChain(whys: unknown): FieldError[] {
  if (!Array.isArray(whys) || whys.length < MIN_WHYS || whys.length > MAX_WHYS) {
    return [{ field: 'whys', message: `whys must hold ${MIN_WHYS} to ${MAX_WHYS} whys` }];
  }
  const errors: FieldError[] = [];
  whys.forEach((why: Partial<Why> | null, i) => {
    if (why === null || typeof why !== 'object') {
      errors.push({ field: `whys[${i}]`, message: 'each why must be an object { question, answer, evidence }' });
      return;
    }
    if (blank(why.question)) errors.push({ field: `whys[${i}].question`, message: 'question must not be empty' });
    if (blank(why.answer)) errors.push({ field: `whys[${i}].answer`, message: 'answer must not be empty' });
    const evidence = why.evidence ?? [];
    if (!Array.isArray(evidence) || evidence.length > MAX_EVIDENCE_PER_WHY) {
      errors.push({ field: `whys[${i}].evidence`, message: `evidence must be a list of at most ${MAX_EVIDENCE_PER_WHY}` });
      return;
    }
    evidence.forEach((e: Partial<Evidence> | null, j) => {
      if (e === null || typeof e !== 'object') return void errors.push({ field: `whys[${i}].evidence[${j}]`, message: 'evidence must be an object { kind, ref, description }' });
      if (!(EVIDENCE_KINDS as readonly unknown[]).includes(e.kind)) {
        errors.push({ field: `whys[${i}].evidence[${j}].kind`, message: `kind must be one of ${EVIDENCE_KINDS.join(', ')}` });
      }
      if (blank(e.description)) errors.push({ field: `whys[${i}].evidence[${j}].description`, message: 'description must not be empty' });
    });
  });
  return errors;
}

/** The chain as stored: trimmed text, `ref` null when absent. */
export function normaliseChain(whys: { question: string; answer: string; evidence?: { kind: EvidenceKind; ref?: string | null; description: string }[] }[]): Why[] {
  return whys.map((w) => ({
    question: w.question.trim(),
    answer: w.answer.trim(),
    evidence: (w.evidence ?? []).map((e) => ({ kind: e.kind, ref: e.ref?.trim() || null, description: e.description.trim() })),
  }));
}

export type WhyChange = { index: number; change: 'added' | 'removed' | 'changed' };

/** Which whys a new version changed, by position: added at the end, removed from the end, or changed in place. */
export function diffWhys(before: Why[], after: Why[]): WhyChange[] {
  const out: WhyChange[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (i >= before.length) out.push({ index: i, change: 'added' });
    else if (i >= after.length) out.push({ index: i, change: 'removed' });
    else if (!sameWhy(before[i], after[i])) out.push({ index: i, change: 'changed' });
  }
  return out;
}

function sameWhy(a: Why, b: Why): boolean {
  return (
    a.question === b.question &&
    a.answer === b.answer &&
    a.evidence.length === b.evidence.length &&
    a.evidence.every((e, i) => e.kind === b.evidence[i].kind && e.ref === b.evidence[i].ref && e.description === b.evidence[i].description)
  );
}

/** Which top-level fields besides the whys a new version changed. */
export function changedFields(before: AnalysisContent | null, after: AnalysisContent): string[] {
  if (!before) return ['problemStatement', 'expected', 'actual', 'whys', 'rootCause', 'category'];
  const fields = (['problemStatement', 'expected', 'actual', 'rootCause', 'category'] as const).filter((f) => before[f] !== after[f]);
  return diffWhys(before.whys, after.whys).length ? [...fields, 'whys'] : fields;
}
