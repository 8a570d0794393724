/** The phone keyring from configuration, parsed once per process. */
import type { Env } from "~/env.server";
import { parsePhoneKeyring, type PhoneKeyring } from "./phone-crypto.server";

const cache = new WeakMap<Env, PhoneKeyring>();

export function phoneKeyringFromEnv(env: Pick<Env, "PHONE_ENCRYPTION_KEYS" | "PHONE_INDEX_KEY">): PhoneKeyring {
  const cached = cache.get(env as Env);
  if (cached) return cached;
  const keyring = parsePhoneKeyring(env.PHONE_ENCRYPTION_KEYS, env.PHONE_INDEX_KEY);
  cache.set(env as Env, keyring);
  return keyring;
}
