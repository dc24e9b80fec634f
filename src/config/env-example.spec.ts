import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentVariables } from './env.schema';

describe('.env.example', () => {
  const text = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
  const listed = new Map([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));

  it('lists every variable of the env schema with its default', () => {
    const defaults = new EnvironmentVariables() as unknown as Record<string, unknown>;
    const keys = Object.keys(defaults);
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys) expect([key, listed.get(key)]).toEqual([key, String(defaults[key])]);
  });

  it('explains each variable on the line before it', () => {
    for (const key of listed.keys()) expect(text).toMatch(new RegExp(`^# [^\\n]+\\n(?:#? ?[A-Z_]+=.*\\n)*#? ?${key}=`, 'm'));
  });
});
