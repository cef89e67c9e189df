// The cloud's side of the temporary-password scheme, written with Node's crypto so that it checks
// the SDK's WebAssembly implementation instead of repeating it:
//   ticket_key = hex(AES-256-ECB-PKCS7(key = Access Secret as ASCII, 16-byte inner key))
//   password   = hex(AES-128-ECB-PKCS7(key = inner key, ASCII digits of the PIN))
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fail } from './failures.mjs';

export function issueTicketKey(accessKey, innerKey) {
  const cipher = createCipheriv('aes-256-ecb', Buffer.from(accessKey, 'latin1'), null);
  return Buffer.concat([cipher.update(innerKey), cipher.final()])
    .toString('hex')
    .toUpperCase();
}

export function newInnerKey() {
  return randomBytes(16);
}

// Decrypts the `password` field with the ticket's inner key and returns the PIN, or fails the
// request the way the cloud would (illegal parameter).
export function decryptPin(hex, innerKey, path) {
  if (typeof hex !== 'string' || !/^[0-9A-Fa-f]{32}$/.test(hex)) {
    throw fail.illegal(path, 'must be 32 hex characters (one AES block)');
  }
  let plain;
  try {
    const decipher = createDecipheriv('aes-128-ecb', innerKey, null);
    plain = Buffer.concat([decipher.update(Buffer.from(hex, 'hex')), decipher.final()]).toString('latin1');
  } catch {
    throw fail.illegal(path, 'does not decrypt with the ticket key');
  }
  if (!/^\d+$/.test(plain)) throw fail.illegal(path, 'does not decrypt to digits');
  return plain;
}
