/**
 * The per-request CSP nonce, handed from entry.server to `<Scripts nonce>` (for the few pages that
 * hydrate) without putting it in loader data.
 */
import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
