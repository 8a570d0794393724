/**
 * A phone number in running text: its display form (`+7 916 123 45 67`), made on the server by the
 * route's loader (app/http/phone-display.server.ts) and provided here, kept left-to-right inside
 * right-to-left text by the `tel` class (an isolate). A number the loader did not format is shown
 * in its E.164 form, which is never wrong.
 */
import { createContext, useContext, type ReactNode } from "react";

const PhoneDisplayContext = createContext<Readonly<Record<string, string>>>({});

export function PhoneDisplayProvider({ display, children }: { display: Readonly<Record<string, string>>; children: ReactNode }) {
  return <PhoneDisplayContext.Provider value={display}>{children}</PhoneDisplayContext.Provider>;
}

export function PhoneNumberText({ number }: { number: string }) {
  const display = useContext(PhoneDisplayContext);
  return <span className="tel">{display[number] ?? number}</span>;
}
