import { analyzeText } from './analyze';
import { buildGuidance } from './guidance';
import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it.each([
    ['我的手机坏了', 'zh'],
    ['My phone is broken', 'en'],
    ['我的iPhone坏了，请尽快修', 'zh'],
    ['Please fix my broadband, 谢谢', 'en'],
    ['', 'en'],
  ])('%s → %s', (text, lang) => expect(detectLanguage(text)).toBe(lang));
});

describe('buildGuidance', () => {
  it('gives the three calming stages in order for emotional complaints, keyed to the needs', () => {
    const a = analyzeText('营业厅里没人理我，营业员还说是我的错，气死了！');
    const g = buildGuidance(a, 'zh');
    expect(g.stages.map((s) => s.stage)).toEqual(['accept_emotion', 'clarify_facts', 'offer_plan']);
    expect(g.stages[0].phrases.some((p) => p.includes('没人接待'))).toBe(true);
    expect(g.stages.every((s) => s.phrases.length > 0)).toBe(true);
  });

  it('uses positive language: never "impossible" and never argues', () => {
    const a = analyzeText('Nobody listened, the clerk was rude, I am furious and I want a refund now, I will call the regulator.');
    for (const lang of ['en', 'zh'] as const) {
      const g = buildGuidance(a, lang);
      const all = [...g.stages.flatMap((s) => s.phrases), ...g.rationalCommitments.flatMap((c) => c.tell), ...g.riskNotes.map((n) => n.note)];
      for (const p of all) expect(p).not.toMatch(/impossible|can't be done|your fault|不可能|不行|您的错/i);
    }
  });

  it('lists what to tell per rational need and skips calming stages for calm rational complaints', () => {
    const a = analyzeText('Please fix my broadband today and refund the fee.');
    const g = buildGuidance(a, 'en');
    expect(g.stages).toEqual([]);
    expect(g.rationalCommitments.map((c) => c.need)).toEqual(expect.arrayContaining(['fix_problem', 'immediate_action', 'compensation']));
    expect(g.rationalCommitments.every((c) => c.tell.length >= 2)).toBe(true);
  });

  it('adds a note per risk flag, including high-value customers', () => {
    const a = analyzeText('I will switch to another operator and talk to the newspaper.', { customerTier: 'diamond' });
    const g = buildGuidance(a, 'en');
    expect(g.riskNotes.map((n) => n.flag)).toEqual(expect.arrayContaining(['churn_threat', 'media_threat', 'high_value_customer']));
    expect(g.riskNotes.find((n) => n.flag === 'churn_threat')!.note).toMatch(/retention/i);
  });

  it('covers mixed complaints with both stages and commitments', () => {
    const a = analyzeText('The clerk was rude to me and I want a refund.');
    expect(a.dominant).toBe('mixed');
    const g = buildGuidance(a, 'en');
    expect(g.stages).toHaveLength(3);
    expect(g.rationalCommitments.map((c) => c.need)).toContain('compensation');
  });
});
