/**
 * Webhook signing secrets: `whsec_` + base64 of random bytes (Standard Webhooks). The service
 * must sign with them, so they cannot be hashed: they are stored sealed with AES-256-GCM under a
 * key derived (HKDF-SHA256) from WEBHOOK_SECRET_KEY, or from JWT_SECRET when that is not set.
 * A database dump alone does not reveal them.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
export const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** A fresh secret: 32 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Whether a caller-supplied secret is `whsec_` + base64 of 24 to 64 bytes. */
export function isValidSecret(secret: string): boolean {
  if (!SECRET_PATTERN.test(secret)) return false;
  const bytes = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return bytes.length >= 24 && bytes.length <= 64 && bytes.toString('base64') === secret.slice(SECRET_PREFIX.length);
}

export function secretEncryptionKey(material: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'complaint-desk', 'webhook-secret/v1', 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64url. */
export function sealSecret(secret: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function openSecret(sealed: string, key: Buffer): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !ciphertext) throw new Error('not a sealed webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
