import fc from 'fast-check';
import { EVIDENCE_KINDS, MAX_WHYS } from '../../domain/root-cause';
import { changedFields, diffWhys, normaliseChain, validateAnalysis, validateChain, Why } from './why-chain';

const why = (i: number, extra: Partial<Why> = {}): Why => ({ question: `为什么${i}?`, answer: `因为${i}`, evidence: [{ kind: 'service_log', ref: 'OLT-17', description: '端口告警' }], ...extra });
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('why chain validation', () => {
  it('accepts 1 to 7 whys and refuses 0 or 8', () => {
    for (let n = 1; n <= MAX_WHYS; n++) expect(validateChain(Array.from({ length: n }, (_, i) => why(i)))).toEqual([]);
    expect(fields(validateChain([]))).toEqual(['whys']);
    expect(fields(validateChain(Array.from({ length: 8 }, (_, i) => why(i))))).toEqual(['whys']);
    expect(fields(validateChain(undefined))).toEqual(['whys']);
  });

  it('names each empty question, empty answer, unknown evidence kind and empty description', () => {
    const chain = [why(0), why(1, { answer: '   ' }), why(2, { question: '', evidence: [{ kind: 'rumour' as never, ref: null, description: ' ' }] })];
    expect(fields(validateChain(chain))).toEqual(['whys[1].answer', 'whys[2].question', 'whys[2].evidence[0].kind', 'whys[2].evidence[0].description']);
  });

  it('accepts every evidence kind, and no evidence at all', () => {
    expect(validateChain([why(0, { evidence: EVIDENCE_KINDS.map((kind) => ({ kind, ref: null, description: 'x' })) })])).toEqual([]);
    expect(validateChain([{ question: 'q', answer: 'a' }])).toEqual([]);
  });

  it('checks the statement, the cause and the category', () => {
    expect(fields(validateAnalysis({ problemStatement: ' ', whys: [why(0)], rootCause: '', category: 'weather' }))).toEqual(['problemStatement', 'rootCause', 'category']);
    expect(validateAnalysis({ problemStatement: '断网', whys: [why(0)], rootCause: '容量不足', category: 'product' })).toEqual([]);
  });

  it('never accepts a chain whose length is outside 1..7, whatever it holds', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ question: fc.string(), answer: fc.string() }), { maxLength: 12 }), (chain) => {
        const errors = validateChain(chain);
        if (chain.length === 0 || chain.length > MAX_WHYS) expect(fields(errors)).toEqual(['whys']);
        else expect(errors.every((e) => e.field.startsWith('whys['))).toBe(true);
      }),
    );
  });

  it('trims text and stores a missing ref as null', () => {
    expect(normaliseChain([{ question: ' q ', answer: ' a ', evidence: [{ kind: 'bill', ref: '  ', description: ' d ' }] }])).toEqual([
      { question: 'q', answer: 'a', evidence: [{ kind: 'bill', ref: null, description: 'd' }] },
    ]);
  });
});

describe('why chain versions', () => {
  it('says which whys were added, removed or changed', () => {
    const a = [why(0), why(1), why(2)];
    expect(diffWhys(a, a)).toEqual([]);
    expect(diffWhys(a, [why(0), why(1, { answer: '新的答案' }), why(2), why(3)])).toEqual([
      { index: 1, change: 'changed' },
      { index: 3, change: 'added' },
    ]);
    expect(diffWhys(a, [why(0)])).toEqual([
      { index: 1, change: 'removed' },
      { index: 2, change: 'removed' },
    ]);
    expect(diffWhys([why(0)], [why(0, { evidence: [] })])).toEqual([{ index: 0, change: 'changed' }]);
  });

  it('lists the changed fields', () => {
    const base = { problemStatement: 'p', expected: null, actual: null, whys: [why(0)], rootCause: 'r', category: 'product' };
    expect(changedFields(null, base)).toContain('whys');
    expect(changedFields(base, { ...base, rootCause: 'r2', whys: [why(1)] })).toEqual(['rootCause', 'whys']);
    expect(changedFields(base, base)).toEqual([]);
  });
});
