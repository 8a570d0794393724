import type { Section } from "~/content/schemas";

/** Every country whose hotlines the sections show (so the loader fetches them once). */
export function hotlineCountries(sections: readonly Section[], campaignCountries: readonly string[]): string[] {
  const countries = new Set<string>();
  for (const section of sections) {
    if (section._type !== "hotlineBlock") continue;
    for (const country of section.countries && section.countries.length > 0 ? section.countries : campaignCountries) countries.add(country);
  }
  return [...countries];
}
