import { analyzeText, dominanceOf, suggestSeverity } from './analyze';
import { compileEnPattern, compileLexicon, DEFAULT_LEXICON, Lexicon } from './lexicon';
import { EMOTIONAL_NEEDS, RATIONAL_NEEDS, RISK_FLAGS, SEVERITIES, TEXT_RISK_FLAGS, TriageAnalysis } from './types';

const needsOf = (a: TriageAnalysis) => [...a.emotionalNeeds, ...a.rationalNeeds].map((n) => n.need);
const allCues = (a: TriageAnalysis) => [
  ...a.emotionalNeeds.flatMap((n) => n.cues),
  ...a.rationalNeeds.flatMap((n) => n.cues),
  ...a.riskCues.flatMap((r) => r.cues),
];

describe('enums', () => {
  it('exports the vocabularies', () => {
    expect(EMOTIONAL_NEEDS).toHaveLength(7);
    expect(RATIONAL_NEEDS).toHaveLength(5);
    expect(RISK_FLAGS).toContain('high_value_customer');
    expect(SEVERITIES).toEqual(['ordinary', 'serious', 'major']);
  });
});

describe('analyzeText: typical cues', () => {
  it('reads emotional needs from the store example', () => {
    const a = analyzeText('Nobody attended to me at the store; the clerk didn\'t listen; the clerk said the fault is mine.');
    expect(needsOf(a)).toEqual(expect.arrayContaining(['be_welcomed', 'be_heard', 'be_respected']));
    expect(a.rationalNeeds).toEqual([]);
    expect(a.dominant).toBe('emotional');
  });

  it('reads rational needs from the demand example', () => {
    const a = analyzeText('Fix this phone right now; you must pay me 100 yuan.');
    expect(needsOf(a)).toEqual(expect.arrayContaining(['fix_problem', 'immediate_action', 'compensation']));
    expect(a.emotionalNeeds).toEqual([]);
    expect(a.dominant).toBe('rational');
    expect(a.emotionalIntensity).toBe(0);
  });

  it('reads the Chinese equivalents', () => {
    const a = analyzeText('营业厅里没人理我，营业员不听我说，还说是我的错。');
    expect(needsOf(a)).toEqual(expect.arrayContaining(['be_welcomed', 'be_heard', 'be_respected']));
    const b = analyzeText('马上把手机修好，必须赔偿我100元，并且处理那个营业员。');
    expect(needsOf(b)).toEqual(expect.arrayContaining(['fix_problem', 'immediate_action', 'compensation', 'accountability']));
  });

  it('handles mixed Chinese-English text', () => {
    const a = analyzeText('这个clerk真的很rude，I want a refund，不然我去消协投诉。');
    expect(needsOf(a)).toEqual(expect.arrayContaining(['be_respected', 'compensation']));
    expect(a.riskFlags).toContain('regulator_threat');
  });

  it('reports the lexicon version', () => {
    expect(analyzeText('hello').lexiconVersion).toBe(DEFAULT_LEXICON.version);
  });

  it('treats empty or neutral text as calm with nothing found', () => {
    for (const t of ['', 'Hello, I would like to check my balance.', '你好']) {
      const a = analyzeText(t);
      expect(a.emotionalNeeds).toEqual([]);
      expect(a.rationalNeeds).toEqual([]);
      expect(a.riskFlags).toEqual([]);
      expect(a.emotionalIntensity).toBe(0);
      expect(a.suggestedSeverity).toBe('ordinary');
    }
  });
});

describe('negation', () => {
  it.each([
    ["I'm not angry, I just want it fixed.", 'vent'],
    ["I'm not asking for compensation.", 'compensation'],
    ["I don't want a refund.", 'compensation'],
    ['我没有生气。', 'vent'],
    ['我不是要赔偿。', 'compensation'],
    ['我不要求赔偿。', 'compensation'],
    ['我不想转网。', 'churn_threat'],
    ["I'm not going to cancel my account.", 'churn_threat'],
  ])('%s does not count %s', (text, label) => {
    const a = analyzeText(text);
    expect([...needsOf(a), ...a.riskFlags]).not.toContain(label);
  });

  it('stops at punctuation and "but"', () => {
    expect(needsOf(analyzeText("I'm not here to argue, I want a refund."))).toContain('compensation');
    expect(needsOf(analyzeText('I am not happy but I want a refund.'))).toContain('compensation');
    expect(needsOf(analyzeText('我不想吵架，但是我要退款。'))).toContain('compensation');
  });

  it('does not negate cues that contain their own negator', () => {
    expect(needsOf(analyzeText('The line is still not fixed.'))).toContain('fix_problem');
    expect(needsOf(analyzeText('我对这个结果很不满。'))).toContain('vent');
    expect(needsOf(analyzeText('在店里半天没人理我。'))).toContain('be_welcomed');
  });

  it('treats "if you don\'t" and 再不 as conditions, not negations', () => {
    expect(needsOf(analyzeText("If you don't reverse this charge today I'll leave."))).toContain('fix_problem');
    expect(needsOf(analyzeText('你们再不退钱，我就投诉。'))).toContain('compensation');
  });

  it('does not negate across clauses', () => {
    const a = analyzeText('我不是来吵架的，我真的很生气。');
    expect(needsOf(a)).toContain('vent');
  });
});

describe('overlapping cues', () => {
  it('lets the longest match win inside one need and counts a span once', () => {
    const a = analyzeText('I want a refund, a full refund.');
    const comp = a.rationalNeeds.find((n) => n.need === 'compensation')!;
    const spans = comp.cues.map((c) => [c.start, c.end]);
    for (let i = 0; i < spans.length; i++)
      for (let j = i + 1; j < spans.length; j++) expect(spans[i][1] <= spans[j][0] || spans[j][1] <= spans[i][0]).toBe(true);
  });

  it('shares a span between needs only when the lexicon lists it under both', () => {
    const a = analyzeText('没人理我。');
    expect(needsOf(a)).toEqual(expect.arrayContaining(['be_welcomed', 'taken_seriously']));
    // 态度太差 is be_respected; 太差 alone would not give a second need for the same characters
    const b = analyzeText('服务态度太差。');
    const respected = b.emotionalNeeds.find((n) => n.need === 'be_respected');
    expect(respected?.cues[0].text).toContain('态度');
  });

  it('does not count one span for two patterns of the same need', () => {
    const a = analyzeText('Refund me now.');
    const cues = a.rationalNeeds.flatMap((n) => n.cues);
    const keys = cues.map((c) => `${c.start}-${c.end}`);
    expect(new Set(keys).size).toBeGreaterThan(0);
  });
});

describe('cue spans', () => {
  it.each([
    'Nobody attended to me at the store!! I am FURIOUS and I want a refund today.',
    '我已经第三次投诉了，气死了，再不解决我就去工信部投诉并且携号转网！！',
    '营业厅的staff完全ignore我，我要在微博上曝光，还要找lawyer起诉你们。',
  ])('cue text equals input.slice(start, end): %s', (text) => {
    const a = analyzeText(text);
    const cues = allCues(a);
    expect(cues.length).toBeGreaterThan(0);
    for (const c of cues) {
      expect(text.slice(c.start, c.end)).toBe(c.text);
      expect(c.pattern.length).toBeGreaterThan(0);
    }
  });
});

describe('risk flags', () => {
  it.each([
    ['churn_threat', 'I will cancel my account and switch to another operator.'],
    ['churn_threat', '再这样我就携号转网。'],
    ['regulator_threat', 'I am complaining to the ombudsman.'],
    ['regulator_threat', '我要打12300向工信部投诉。'],
    ['media_threat', 'I will post this on social media.'],
    ['media_threat', '我要发微博曝光你们。'],
    ['legal_threat', 'My lawyer will sue you.'],
    ['legal_threat', '我要起诉你们。'],
    ['repeat_complaint', 'This is the third time I am calling.'],
    ['repeat_complaint', '这是我第三次投诉了。'],
  ])('%s from %s', (flag, text) => {
    const a = analyzeText(text);
    expect(a.riskFlags).toContain(flag);
    expect(a.riskCues.find((r) => r.flag === flag)?.cues.length).toBeGreaterThan(0);
  });

  it('never reads high_value_customer from text; adds it from the tier', () => {
    expect(analyzeText('I am a high value customer').riskFlags).not.toContain('high_value_customer');
    expect(analyzeText('hello', { customerTier: 'diamond' }).riskFlags).toContain('high_value_customer');
    expect(analyzeText('hello', { customerTier: 'platinum' }).riskFlags).toContain('high_value_customer');
    expect(analyzeText('hello', { customerTier: 'gold' }).riskFlags).not.toContain('high_value_customer');
    for (const f of TEXT_RISK_FLAGS) expect(f).not.toBe('high_value_customer');
  });
});

describe('intensity', () => {
  it('is 0 when calm', () => {
    expect(analyzeText('Please check my bill.').emotionalIntensity).toBe(0);
  });
  it('is 1 for a single emotional cue', () => {
    expect(analyzeText('The clerk did not listen to me.').emotionalIntensity).toBe(1);
    expect(analyzeText('我很生气。').emotionalIntensity).toBe(1);
  });
  it('rises with intensifiers', () => {
    expect(analyzeText('我非常生气。').emotionalIntensity).toBe(2);
    expect(analyzeText('I am extremely angry.').emotionalIntensity).toBe(2);
  });
  it('rises with repetition marks', () => {
    expect(analyzeText('I am angry!!').emotionalIntensity).toBe(2);
    expect(analyzeText('我很生气！！').emotionalIntensity).toBe(2);
    expect(analyzeText('I am ANGRY.').emotionalIntensity).toBe(2);
    expect(analyzeText('I am angry about the SIM.').emotionalIntensity).toBe(1);
  });
  it('reaches 3 with intensifier, repetition and threats, capped at 3', () => {
    expect(analyzeText('第三次了，我非常生气，我要去工信部投诉！！').emotionalIntensity).toBe(3);
    expect(analyzeText('I am EXTREMELY furious and outraged!! Third time! I will sue!').emotionalIntensity).toBe(3);
  });
  it('gives 1 for typographic agitation without any emotional cue', () => {
    expect(analyzeText('Fix my phone!!').emotionalIntensity).toBe(1);
  });
});

describe('dominant', () => {
  it('uses the documented ratio', () => {
    expect(dominanceOf(0, 0)).toBe('rational');
    expect(dominanceOf(3, 1)).toBe('emotional');
    expect(dominanceOf(1, 3)).toBe('rational');
    expect(dominanceOf(1, 1)).toBe('mixed');
    expect(dominanceOf(2, 1)).toBe('mixed');
  });
  it('is mixed when both kinds are substantial', () => {
    expect(analyzeText('The clerk was rude to me and I want a refund.').dominant).toBe('mixed');
  });
});

describe('suggested severity', () => {
  it('follows the rules', () => {
    expect(suggestSeverity(['regulator_threat'], 0)).toBe('major');
    expect(suggestSeverity(['media_threat'], 0)).toBe('major');
    expect(suggestSeverity(['legal_threat'], 0)).toBe('major');
    expect(suggestSeverity(['churn_threat'], 3)).toBe('major');
    expect(suggestSeverity(['churn_threat'], 0)).toBe('serious');
    expect(suggestSeverity(['repeat_complaint'], 0)).toBe('serious');
    expect(suggestSeverity([], 2)).toBe('serious');
    expect(suggestSeverity(['high_value_customer'], 1)).toBe('serious');
    expect(suggestSeverity(['high_value_customer'], 0)).toBe('ordinary');
    expect(suggestSeverity([], 1)).toBe('ordinary');
  });
  it('is computed from the text and tier', () => {
    expect(analyzeText('我要去工信部投诉。').suggestedSeverity).toBe('major');
    expect(analyzeText('The clerk ignored me.', { customerTier: 'diamond' }).suggestedSeverity).toBe('serious');
    expect(analyzeText('The clerk ignored me.', { customerTier: 'standard' }).suggestedSeverity).toBe('ordinary');
  });
});

describe('lexicon', () => {
  it('compiles once per lexicon object and accepts a custom lexicon', () => {
    const custom: Lexicon = {
      ...DEFAULT_LEXICON,
      version: 'test-1',
      needs: { vent: { kind: 'emotional', en: ['grumpy'], zh: [] } },
      riskFlags: {},
    };
    const a = analyzeText('I am grumpy and angry', { lexicon: custom });
    expect(a.lexiconVersion).toBe('test-1');
    expect(a.emotionalNeeds.map((n) => n.need)).toEqual(['vent']);
    expect(a.emotionalNeeds[0].cues.map((c) => c.text)).toEqual(['grumpy']);
  });
  it('rejects malformed patterns and unknown needs', () => {
    expect(() => compileLexicon({ ...DEFAULT_LEXICON, needs: { vent: { kind: 'emotional', en: ['(a|b'] } } })).toThrow();
    expect(() => compileLexicon({ ...DEFAULT_LEXICON, needs: { nope: { kind: 'emotional', en: ['x'] } } })).toThrow();
    expect(() => compileLexicon({ ...DEFAULT_LEXICON, riskFlags: { high_value_customer: { en: ['vip'] } } })).toThrow();
  });
  it('compiles English regex-lite with inflection and word boundaries', () => {
    const re = new RegExp(compileEnPattern('charge'), 'i');
    expect(re.test('they charged me')).toBe(true);
    expect(re.test('charging')).toBe(true);
    expect(re.test('recharge')).toBe(false);
    const gap = new RegExp(compileEnPattern('nobody ... listen'), 'i');
    expect(gap.test('nobody at all would listen')).toBe(true);
    expect(new RegExp(compileEnPattern('pay me #'), 'i').test('pay me 100')).toBe(true);
  });
});
