import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionsMarkdown, openApiDescription, REPORT_DEFINITIONS, REPORT_NAMES } from './report-definitions';

describe('report definitions', () => {
  it('define every report once, each field once', () => {
    expect(REPORT_DEFINITIONS.map((d) => d.report)).toEqual([...REPORT_NAMES]);
    for (const d of REPORT_DEFINITIONS) {
      const names = d.metrics.map((m) => m.name);
      expect(new Set(names).size).toBe(names.length);
      for (const m of d.metrics) expect(m.definition.length).toBeGreaterThan(5);
    }
  });

  it('define every field of the SLA report the contract names', () => {
    const names = REPORT_DEFINITIONS.find((d) => d.report === 'sla')!.metrics.map((m) => m.name);
    for (const f of ['group', 'total', 'acknowledged', 'acknowledgedOnTime', 'acknowledgeCompliance', 'resolved', 'resolvedOnTime', 'resolveCompliance', 'breached', 'escalated', 'acknowledgeSecondsP50', 'acknowledgeSecondsP90', 'resolveSecondsP50', 'resolveSecondsP90']) {
      expect(names).toContain(f);
    }
  });

  it('are in the OpenAPI description of each report', () => {
    for (const d of REPORT_DEFINITIONS) {
      const text = openApiDescription(d.report);
      for (const r of d.rules) expect(text).toContain(r);
      for (const m of d.metrics) expect(text).toContain(m.definition);
    }
  });

  it('are in README.md as generated (npm run reports:readme)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(definitionsMarkdown());
  });
});
