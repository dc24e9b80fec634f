import fc from 'fast-check';
import { cjkQuery, indexTerms, queryTerms, tsquerySql, wordQuery } from './search-terms';

describe('search terms', () => {
  it('splits CJK runs into bigrams, and indexes their characters as unigrams too', () => {
    expect(indexTerms('宽带断网')).toEqual({ cjk: ['宽带', '带断', '断网', '宽', '带', '断', '网'], words: [] });
    expect(queryTerms('宽带断网').cjk).toEqual(['宽带', '带断', '断网']);
  });

  it('keeps a one-character query as its unigram', () => {
    expect(queryTerms('网').cjk).toEqual(['网']);
    expect(indexTerms('网').cjk).toEqual(['网']);
  });

  it('separates words from CJK, lower-cased, with punctuation and full-width forms normalised', () => {
    expect(indexTerms('Broadband drops 宽带,晚间断网!5G网络')).toEqual({
      cjk: ['宽带', '宽', '带', '晚间', '间断', '断网', '晚', '间', '断', '网', '网络', '网', '络'],
      words: ['broadband', 'drops', '5g'],
    });
    expect(indexTerms('ＢＲＯＡＤＢＡＮＤ').words).toEqual(['broadband']);
  });

  it('a two-character query finds every text holding those characters side by side', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('断网', '账单', '扣费', '信号'), fc.string(), (before, q, after) => {
        const doc = new Set(indexTerms(before + q + after).cjk);
        expect(queryTerms(q).cjk.every((t) => doc.has(t))).toBe(true);
      }),
    );
  });

  it('builds tsquery texts that cannot carry operators', () => {
    expect(cjkQuery(queryTerms("断网'|!"))).toBe("'断网'");
    expect(wordQuery(queryTerms("drop' | !x & y:*"))).toBe('drop | x | y');
    expect(wordQuery(queryTerms('宽带'))).toBeNull();
  });

  it('has no query for a text without terms', () => {
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    expect(tsquerySql(p, ' !?,。 ')).toBeNull();
    expect(tsquerySql(p, 'broadband 断网')).toBe(`($1::tsquery || to_tsquery('english', $2))`);
    expect(params).toEqual(["'断网'", 'broadband']);
  });

  it('caps and deduplicates query terms', () => {
    expect(queryTerms('断网断网断网').cjk).toEqual(['断网', '网断']);
    expect(queryTerms('一二三四五六七八九十', 3).cjk).toHaveLength(3);
  });
});
