/**
 * Phone numbers at rest: AES-256-GCM with a random 96-bit nonce per value, and an HMAC-SHA256
 * blind index so a number can be looked up without decrypting every row.
 *
 * Ciphertext format: `v1.<keyId>.<base64url(nonce ‖ ciphertext ‖ tag)>`. The key id lets
 * `keys:rotate` re-encrypt rows written under an old key while both keys are configured.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = "v1";

export interface PhoneKeyring {
  /** Key used for new ciphertexts. */
  currentKeyId: string;
  /** Every key that may have encrypted stored values, by id (the current one included). */
  encryptionKeys: ReadonlyMap<string, Buffer>;
  /** Secret for the blind index; changing it means recomputing every index value. */
  indexKey: Buffer;
}

export class PhoneCryptoError extends Error {
  override name = "PhoneCryptoError";
}

/**
 * Parses keys from configuration: `encryptionKeys` is "id:base64key[,id:base64key…]", the first
 * entry current; each key and the index key decode to exactly 32 bytes.
 */
export function parsePhoneKeyring(encryptionKeys: string, indexKey: string): PhoneKeyring {
  const entries = encryptionKeys
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new PhoneCryptoError("no encryption key given");
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const match = /^([A-Za-z0-9_-]{1,16}):(.+)$/.exec(entry);
    if (!match) throw new PhoneCryptoError(`key entry must look like "id:base64key"`);
    const [, id, encoded] = match as unknown as [string, string, string];
    if (keys.has(id)) throw new PhoneCryptoError(`key id "${id}" appears twice`);
    keys.set(id, decodeKey(encoded, `key "${id}"`));
  }
  const currentKeyId = /^([A-Za-z0-9_-]{1,16}):/.exec(entries[0]!)![1]!;
  return { currentKeyId, encryptionKeys: keys, indexKey: decodeKey(indexKey, "index key") };
}

function decodeKey(encoded: string, what: string): Buffer {
  const key = Buffer.from(encoded.trim(), "base64");
  if (key.length !== 32) throw new PhoneCryptoError(`${what} must be 32 bytes, base64-encoded (got ${key.length})`);
  return key;
}

export function encryptPhone(keyring: PhoneKeyring, e164: string): string {
  const key = keyring.encryptionKeys.get(keyring.currentKeyId);
  if (!key) throw new PhoneCryptoError(`current key "${keyring.currentKeyId}" is not in the keyring`);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  // The key id is authenticated data: moving a ciphertext under another id fails to decrypt.
  cipher.setAAD(Buffer.from(keyring.currentKeyId));
  const sealed = Buffer.concat([nonce, cipher.update(e164, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT_VERSION}.${keyring.currentKeyId}.${sealed.toString("base64url")}`;
}

export function decryptPhone(keyring: PhoneKeyring, stored: string): string {
  const { keyId, sealed } = splitCiphertext(stored);
  const key = keyring.encryptionKeys.get(keyId);
  if (!key) throw new PhoneCryptoError(`no key "${keyId}" to decrypt with`);
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new PhoneCryptoError("ciphertext is truncated");
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    throw new PhoneCryptoError("ciphertext failed authentication");
  }
}

/** The key id a stored value was encrypted under (for rotation). */
export function ciphertextKeyId(stored: string): string {
  return splitCiphertext(stored).keyId;
}

function splitCiphertext(stored: string): { keyId: string; sealed: Buffer } {
  const parts = stored.split(".");
  if (parts.length !== 3 || parts[0] !== FORMAT_VERSION) throw new PhoneCryptoError("not a v1 phone ciphertext");
  return { keyId: parts[1]!, sealed: Buffer.from(parts[2]!, "base64url") };
}

/** Deterministic lookup key for an E.164 number; reveals nothing without the index key. */
export function phoneBlindIndex(keyring: PhoneKeyring, e164: string): string {
  return createHmac("sha256", keyring.indexKey).update(`phone:${e164}`).digest("base64url");
}

export function blindIndexEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
