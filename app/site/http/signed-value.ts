// HMAC-signed cookie values: `<value>.<signature>`. A value the server did not sign is refused
// before it reaches the database. Verification is constant-time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ValueSigner {
  sign(value: string): string;
  /** The original value, or undefined when the signature is missing or wrong. */
  unsign(signed: string): string | undefined;
}

export function createValueSigner(secret: string): ValueSigner {
  const mac = (value: string): Buffer => createHmac('sha256', secret).update(value).digest();
  return {
    sign: (value) => `${value}.${mac(value).toString('base64url')}`,
    unsign(signed) {
      const dot = signed.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const value = signed.slice(0, dot);
      const given = Buffer.from(signed.slice(dot + 1), 'base64url');
      const expected = mac(value);
      return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
    },
  };
}
