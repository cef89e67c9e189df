// The same AES work as the module's password and frame steps, done by node:crypto (OpenSSL) and by
// aes-js (pure JavaScript): what a user could do without the module. Each returns what the module
// returns, so that bench/table.mjs can check the answers agree before timing them.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { require } from './support.mjs';

const aesjs = require('aes-js');

// Ticket key: AES-256-ECB under the access secret (its 32 ASCII bytes), PKCS7; the first 16 bytes.
export function nodeDecryptTicketKey(ticketKey, accessKey) {
  const decipher = createDecipheriv('aes-256-ecb', Buffer.from(accessKey, 'latin1'), null);
  return Buffer.concat([decipher.update(Buffer.from(ticketKey, 'hex')), decipher.final()]);
}

export function nodeEncryptPassword(password, ticketKey, accessKey) {
  const cipher = createCipheriv('aes-128-ecb', nodeDecryptTicketKey(ticketKey, accessKey), null);
  return Buffer.concat([cipher.update(password, 'latin1'), cipher.final()])
    .toString('hex')
    .toUpperCase();
}

function unpad(bytes) {
  const n = bytes[bytes.length - 1];
  if (n < 1 || n > 16) throw new Error('bad padding');
  return bytes.subarray(0, bytes.length - n);
}

function pad(bytes) {
  const n = 16 - (bytes.length % 16);
  const out = new Uint8Array(bytes.length + n);
  out.set(bytes);
  out.fill(n, bytes.length);
  return out;
}

export function aesjsDecryptTicketKey(ticketKey, accessKey) {
  const ecb = new aesjs.ModeOfOperation.ecb(aesjs.utils.utf8.toBytes(accessKey));
  return unpad(ecb.decrypt(aesjs.utils.hex.toBytes(ticketKey))).subarray(0, 16);
}

export function aesjsEncryptPassword(password, ticketKey, accessKey) {
  const ecb = new aesjs.ModeOfOperation.ecb(aesjsDecryptTicketKey(ticketKey, accessKey));
  return aesjs.utils.hex.fromBytes(ecb.encrypt(pad(aesjs.utils.utf8.toBytes(password)))).toUpperCase();
}

// The AES part of a frame: AES-128-CBC over the padded plain frame (length a multiple of 16).
export function nodeCbc(key, iv, plain, decrypt = false) {
  const cipher = (decrypt ? createDecipheriv : createCipheriv)('aes-128-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

export function aesjsCbc(key, iv, plain, decrypt = false) {
  const cbc = new aesjs.ModeOfOperation.cbc(key, iv);
  return decrypt ? cbc.decrypt(plain) : cbc.encrypt(plain);
}
