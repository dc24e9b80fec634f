import { diffTriage } from './correction-diff';
import { TriageLabels } from './triage-labels';

const suggested: TriageLabels & { suggestedSeverity: 'serious' } = {
  emotionalNeeds: ['be_respected', 'vent'],
  rationalNeeds: ['fix_problem'],
  emotionalIntensity: 2,
  riskFlags: ['churn_threat', 'high_value_customer'],
  suggestedSeverity: 'serious',
};

describe('diffTriage', () => {
  it('reports nothing when staff confirm the suggestion as it is', () => {
    const d = diffTriage(suggested, { ...suggested }, { before: 'ordinary', after: 'serious' });
    expect(d).toEqual({
      emotionalNeeds: { added: [], removed: [] },
      rationalNeeds: { added: [], removed: [] },
      riskFlags: { added: [], removed: [] },
      intensityDelta: 0,
      severity: { suggested: 'serious', before: 'ordinary', after: 'serious' },
      labels: [],
      changed: false,
    });
  });

  it('lists added and removed needs and flags per label, the intensity delta and a severity other than suggested', () => {
    const d = diffTriage(
      suggested,
      {
        emotionalNeeds: ['taken_seriously', 'be_respected'],
        rationalNeeds: ['compensation', 'fix_problem', 'accountability'],
        emotionalIntensity: 3,
        riskFlags: ['high_value_customer', 'regulator_threat'],
      },
      { before: 'ordinary', after: 'major' },
    );
    expect(d.emotionalNeeds).toEqual({ added: ['taken_seriously'], removed: ['vent'] });
    expect(d.rationalNeeds).toEqual({ added: ['compensation', 'accountability'], removed: [] });
    expect(d.riskFlags).toEqual({ added: ['regulator_threat'], removed: ['churn_threat'] });
    expect(d.intensityDelta).toBe(1);
    expect(d.severity).toEqual({ suggested: 'serious', before: 'ordinary', after: 'major' });
    expect(d.labels).toEqual(['taken_seriously', 'vent', 'compensation', 'accountability', 'regulator_threat', 'churn_threat', 'intensity', 'severity']);
    expect(d.changed).toBe(true);
  });

  it('gives a negative delta when staff lower the intensity, and ignores label order and duplicates', () => {
    const d = diffTriage(
      suggested,
      { emotionalNeeds: ['vent', 'be_respected', 'vent'], rationalNeeds: ['fix_problem'], emotionalIntensity: 0, riskFlags: ['high_value_customer', 'churn_threat'] },
      { before: 'serious', after: 'serious' },
    );
    expect(d.intensityDelta).toBe(-2);
    expect(d.labels).toEqual(['intensity']);
  });

  it('keeps a severity change the suggestion agreed with out of the labels', () => {
    const d = diffTriage(suggested, suggested, { before: 'ordinary', after: 'serious' });
    expect(d.labels).not.toContain('severity');
    expect(d.severity.before).toBe('ordinary');
  });
});
