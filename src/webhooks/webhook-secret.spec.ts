import { generateSecret, isValidSecret, openSecret, sealSecret, secretEncryptionKey } from './webhook-secret';

describe('webhook secrets', () => {
  const key = secretEncryptionKey('a-test-secret-of-enough-length');

  it('generates whsec_ + base64 of 32 bytes', () => {
    const s = generateSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(32);
    expect(isValidSecret(s)).toBe(true);
  });

  it('accepts only whsec_ + canonical base64 of 24..64 bytes', () => {
    expect(isValidSecret('whsec_' + Buffer.alloc(24, 1).toString('base64'))).toBe(true);
    expect(isValidSecret('whsec_' + Buffer.alloc(16, 1).toString('base64'))).toBe(false);
    expect(isValidSecret(Buffer.alloc(32, 1).toString('base64'))).toBe(false);
    expect(isValidSecret('whsec_not base64!')).toBe(false);
  });

  it('seals and opens; a sealed secret reveals nothing and resists tampering', () => {
    const s = generateSecret();
    const sealed = sealSecret(s, key);
    expect(sealed).not.toContain(s.slice(6, 20));
    expect(openSecret(sealed, key)).toBe(s);
    expect(() => openSecret(sealed, secretEncryptionKey('another-secret-of-enough-len'))).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x' + Buffer.from(parts[3], 'base64url').toString('latin1'), 'latin1').toString('base64url');
    expect(() => openSecret(parts.join('.'), key)).toThrow();
  });
});
