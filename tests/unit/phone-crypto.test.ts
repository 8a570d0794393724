import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ciphertextKeyId,
  decryptPhone,
  encryptPhone,
  parsePhoneKeyring,
  PhoneCryptoError,
  phoneBlindIndex,
} from "~/audience/phone-crypto.server";

const key = () => randomBytes(32).toString("base64");
const K1 = key();
const K2 = key();
const INDEX = key();

describe("phone encryption", () => {
  const keyring = parsePhoneKeyring(`k1:${K1}`, INDEX);

  it("round-trips and never contains the number in clear", () => {
    const stored = encryptPhone(keyring, "+996555123456");
    expect(stored).not.toContain("996555123456");
    expect(decryptPhone(keyring, stored)).toBe("+996555123456");
  });

  it("uses a fresh nonce: the same number encrypts differently each time", () => {
    expect(encryptPhone(keyring, "+93701234567")).not.toBe(encryptPhone(keyring, "+93701234567"));
  });

  it("detects tampering", () => {
    const stored = encryptPhone(keyring, "+93701234567");
    const [v, id, body] = stored.split(".") as [string, string, string];
    const bytes = Buffer.from(body, "base64url");
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    expect(() => decryptPhone(keyring, `${v}.${id}.${bytes.toString("base64url")}`)).toThrow(PhoneCryptoError);
  });

  it("refuses a ciphertext moved under another key id", () => {
    const both = parsePhoneKeyring(`k2:${K1},k1:${K1}`, INDEX);
    const stored = encryptPhone(both, "+9647701234567");
    expect(() => decryptPhone(both, stored.replace(".k2.", ".k1."))).toThrow(PhoneCryptoError);
  });

  it("decrypts values written under an older key after rotation", () => {
    const old = encryptPhone(keyring, "+923001234567");
    const rotated = parsePhoneKeyring(`k2:${K2},k1:${K1}`, INDEX);
    expect(decryptPhone(rotated, old)).toBe("+923001234567");
    const fresh = encryptPhone(rotated, "+923001234567");
    expect(ciphertextKeyId(fresh)).toBe("k2");
    expect(ciphertextKeyId(old)).toBe("k1");
  });

  it("blind index is stable per number and differs across numbers and index keys", () => {
    const a = phoneBlindIndex(keyring, "+996555123456");
    expect(phoneBlindIndex(keyring, "+996555123456")).toBe(a);
    expect(phoneBlindIndex(keyring, "+996555123457")).not.toBe(a);
    expect(phoneBlindIndex(parsePhoneKeyring(`k1:${K1}`, key()), "+996555123456")).not.toBe(a);
    expect(a).not.toContain("996555123456");
  });

  it.each([
    ["", INDEX, /no encryption key/],
    ["k1", INDEX, /id:base64key/],
    [`k1:${Buffer.alloc(16).toString("base64")}`, INDEX, /32 bytes/],
    [`k1:${K1},k1:${K2}`, INDEX, /appears twice/],
    [`k1:${K1}`, "c2hvcnQ=", /index key must be 32 bytes/],
  ])("rejects bad key configuration %#", (keys, index, message) => {
    expect(() => parsePhoneKeyring(keys, index)).toThrow(message);
  });
});
