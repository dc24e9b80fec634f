import { inputProblems, MAX_JSON_DEPTH } from './json-body.middleware';

const nest = (levels: number): unknown => (levels === 0 ? 1 : [nest(levels - 1)]);

describe('inputProblems', () => {
  it('accepts ordinary input, including emoji (surrogate pairs)', () => {
    expect(inputProblems({ a: 'x', b: ['🙂', { c: '张三' }], d: null, e: 3 }, '', MAX_JSON_DEPTH)).toEqual([]);
  });

  it('allows 32 levels of nesting and refuses 33, naming the top-level field', () => {
    expect(inputProblems(nest(MAX_JSON_DEPTH), '', MAX_JSON_DEPTH)).toEqual([]);
    expect(inputProblems(nest(MAX_JSON_DEPTH + 1), '', MAX_JSON_DEPTH)).toEqual([{ field: 'body', message: expect.stringMatching(/depth > 32/) }]);
    expect(inputProblems({ note: nest(40) }, '', MAX_JSON_DEPTH)).toEqual([{ field: 'note', message: expect.stringMatching(/depth > 32/) }]);
  });

  it('walks 100 000 levels without recursing past the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inputProblems(deep, '', MAX_JSON_DEPTH)).toHaveLength(1);
  });

  it('names NUL bytes and lone surrogates in values and keys at any depth', () => {
    const problems = inputProblems({ a: 'x\u0000', b: { c: ['ok', '\ud800'] }, ['k\u0000']: 1, d: 'x\udc00' }, '', MAX_JSON_DEPTH);
    expect(problems.map((p) => p.field)).toEqual(['a', 'b.c[1]', 'k\\u0000', 'd']);
    expect(problems[0].message).toMatch(/NUL/);
    expect(problems[1].message).toMatch(/lone surrogate/);
  });

  it('refuses __proto__ keys as unknown fields', () => {
    const body = JSON.parse('{"customer":{"__proto__":{"tier":"diamond"}}}');
    expect(inputProblems(body, '', MAX_JSON_DEPTH)).toEqual([{ field: 'customer.__proto__', message: 'customer.__proto__ is not a known field' }]);
  });

  it('reports at most ten problems', () => {
    expect(inputProblems(Array.from({ length: 1000 }, () => '\u0000'), '', MAX_JSON_DEPTH)).toHaveLength(10);
  });
});
