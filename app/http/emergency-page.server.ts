/** Renders the stand-alone error page (app/components/emergency-page.tsx) to a complete HTML document. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { EmergencyPage, type EmergencyPageProps } from "~/components/emergency-page";

export function renderEmergencyPage(props: EmergencyPageProps): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(createElement(EmergencyPage, props))}`;
}
