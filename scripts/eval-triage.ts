/**
 * Triage evaluation: runs analyzeText over test/fixtures/triage-eval-set.jsonl and reports
 * precision / recall / F1 per label, macro-F1 over needs and over risk flags, and the
 * accuracy of `dominant`. Exits 1 when macro-F1 over needs is below the target (0.9).
 *
 *   npm run eval:triage             human-readable table
 *   npm run eval:triage -- --json   machine-readable report
 *   npm run eval:triage -- --misses=50   show more misses
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../src/triage/engine/analyze';
import { EMOTIONAL_NEEDS, RATIONAL_NEEDS, TEXT_RISK_FLAGS } from '../src/triage/engine/types';

export const NEEDS_MACRO_F1_TARGET = 0.9;

interface EvalRow {
  text: string;
  emotionalNeeds: string[];
  rationalNeeds: string[];
  riskFlags: string[];
  dominant: string;
}

interface LabelScore {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

function score(label: string, tp: number, fp: number, fn: number): LabelScore {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { label, tp, fp, fn, precision, recall, f1 };
}

export function loadEvalSet(file: string): EvalRow[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l, i) => {
      try {
        return JSON.parse(l) as EvalRow;
      } catch {
        throw new Error(`${file}:${i + 1}: invalid JSON`);
      }
    });
}

export function evaluate(rows: EvalRow[]) {
  const needLabels = [...EMOTIONAL_NEEDS, ...RATIONAL_NEEDS] as string[];
  const flagLabels = [...TEXT_RISK_FLAGS] as string[];
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  for (const l of [...needLabels, ...flagLabels]) counts.set(l, { tp: 0, fp: 0, fn: 0 });
  let dominantHits = 0;
  const misses: { text: string; missing: string[]; extra: string[]; dominant?: string }[] = [];
  for (const row of rows) {
    const a = analyzeText(row.text);
    const gold = new Set([...row.emotionalNeeds, ...row.rationalNeeds, ...row.riskFlags]);
    const got = new Set<string>([
      ...a.emotionalNeeds.map((n) => n.need),
      ...a.rationalNeeds.map((n) => n.need),
      ...a.riskFlags.filter((f) => f !== 'high_value_customer'),
    ]);
    for (const [label, c] of counts) {
      if (gold.has(label) && got.has(label)) c.tp++;
      else if (got.has(label)) c.fp++;
      else if (gold.has(label)) c.fn++;
    }
    const dominantOk = a.dominant === row.dominant;
    if (dominantOk) dominantHits++;
    const missing = [...gold].filter((l) => !got.has(l));
    const extra = [...got].filter((l) => !gold.has(l));
    if (missing.length || extra.length || !dominantOk) {
      misses.push({
        text: row.text,
        missing,
        extra,
        ...(dominantOk ? {} : { dominant: `${a.dominant} (expected ${row.dominant})` }),
      });
    }
  }
  const scores = [...counts].map(([l, c]) => score(l, c.tp, c.fp, c.fn));
  const macro = (labels: string[]) =>
    labels.reduce((s, l) => s + scores.find((x) => x.label === l)!.f1, 0) / labels.length;
  return {
    rows: rows.length,
    scores,
    needsMacroF1: macro(needLabels),
    flagsMacroF1: macro(flagLabels),
    dominantAccuracy: rows.length ? dominantHits / rows.length : 0,
    misses,
  };
}

function pct(x: number): string {
  return x.toFixed(3);
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const missArg = args.find((a) => a.startsWith('--misses='));
  const showMisses = missArg ? Number(missArg.split('=')[1]) : 15;
  const file = path.resolve(__dirname, '..', 'test', 'fixtures', 'triage-eval-set.jsonl');
  const report = evaluate(loadEvalSet(file));
  const pass = report.needsMacroF1 >= NEEDS_MACRO_F1_TARGET;
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...report, target: NEEDS_MACRO_F1_TARGET, pass }, null, 2)}\n`);
  } else {
    const lines: string[] = [];
    lines.push(`triage evaluation: ${report.rows} sentences (${path.relative(process.cwd(), file)})`);
    lines.push('');
    lines.push(`${'label'.padEnd(20)} ${'tp'.padStart(4)} ${'fp'.padStart(4)} ${'fn'.padStart(4)}  precision  recall     f1`);
    for (const s of report.scores) {
      lines.push(
        `${s.label.padEnd(20)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${pct(s.f1).padStart(5)}`,
      );
    }
    lines.push('');
    lines.push(`macro-F1 needs:     ${pct(report.needsMacroF1)} (target ${NEEDS_MACRO_F1_TARGET})`);
    lines.push(`macro-F1 flags:     ${pct(report.flagsMacroF1)}`);
    lines.push(`dominant accuracy:  ${pct(report.dominantAccuracy)}`);
    lines.push('');
    lines.push(`misses: ${report.misses.length} sentences${report.misses.length > showMisses ? ` (first ${showMisses})` : ''}`);
    for (const m of report.misses.slice(0, showMisses)) {
      const parts = [
        m.missing.length ? `missing ${m.missing.join(',')}` : '',
        m.extra.length ? `extra ${m.extra.join(',')}` : '',
        m.dominant ? `dominant ${m.dominant}` : '',
      ].filter(Boolean);
      lines.push(`  - ${m.text}\n      ${parts.join('; ')}`);
    }
    lines.push('');
    lines.push(pass ? 'PASS' : 'FAIL: macro-F1 over needs below target');
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = pass ? 0 : 1;
}

if (require.main === module) main();
