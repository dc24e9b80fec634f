import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `cdk_<8-char prefix>_<40 random chars>`, alphanumeric so the underscores split it unambiguously. */
export const API_KEY_PATTERN = /^cdk_([A-Za-z0-9]{8})_([A-Za-z0-9]{32,128})$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: rejection sampling keeps the alphabet uniform.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomAlphanumeric(8);
  const key = `cdk_${prefix}_${randomAlphanumeric(40)}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The prefix of a well-formed key, or null. */
export function parseApiKey(key: string): { prefix: string } | null {
  const m = API_KEY_PATTERN.exec(key);
  return m ? { prefix: m[1] } : null;
}

/** Constant-time comparison of a presented key with a stored hash. */
export function verifyApiKey(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
