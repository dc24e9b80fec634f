import { API_KEY_PATTERN, generateApiKey, hashApiKey, parseApiKey, verifyApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates cdk_<8>_<40> keys with their prefix and SHA-256 hash', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^cdk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$/);
    expect(API_KEY_PATTERN.test(key)).toBe(true);
    expect(key.slice(4, 12)).toBe(prefix);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).not.toContain(key.slice(13));
  });

  it('never repeats keys or prefixes', () => {
    const keys = Array.from({ length: 500 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(500);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(500);
  });

  it('parses the prefix of well-formed keys only', () => {
    const { key, prefix } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ prefix });
    for (const bad of ['', 'cdk_short_' + 'a'.repeat(40), `cdk_${prefix}_tooShort`, `xyz_${prefix}_${'a'.repeat(40)}`, `${key}!`, `cdk_${prefix}_${'a'.repeat(39)}-`]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('verifies a key against its stored hash, and nothing else', () => {
    const { key, hash } = generateApiKey();
    expect(verifyApiKey(key, hash)).toBe(true);
    expect(verifyApiKey(key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a'), hash)).toBe(false);
    expect(verifyApiKey(key, generateApiKey().hash)).toBe(false);
    expect(verifyApiKey(key, 'not-hex')).toBe(false);
  });
});
