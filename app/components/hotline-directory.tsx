/**
 * The hotline directory: every country (the reader's likely countries first), and within it the
 * nationwide hotlines, then one group per region served. A hotline serving several regions is
 * listed under each, so a reader looking up their own region finds every number that serves it.
 */
import type { Hotline } from "~/content/schemas";
import { COUNTRIES, type Locale } from "~/i18n/locales";
import { cachedCountryName as countryName, collator as collatorFor } from "./format/intl-cache";
import { HotlineCard } from "./hotline-card";
import { useLocale } from "./locale-context";

export interface CountryGroup {
  country: string;
  nationwide: Hotline[];
  regions: Array<{ code: string; name: string; hotlines: Hotline[] }>;
}

/** Groups hotlines by country and region; `preferredCountries` come first, then programme order. */
export function groupHotlines(hotlines: readonly Hotline[], locale: Locale, preferredCountries: readonly string[]): CountryGroup[] {
  const byCountry = new Map<string, CountryGroup>();
  for (const hotline of hotlines) {
    let group = byCountry.get(hotline.country);
    if (!group) {
      group = { country: hotline.country, nationwide: [], regions: [] };
      byCountry.set(hotline.country, group);
    }
    if (hotline.regions.length === 0) {
      group.nationwide.push(hotline);
      continue;
    }
    for (const region of hotline.regions) {
      let regionGroup = group.regions.find((candidate) => candidate.code === region.code);
      if (!regionGroup) {
        regionGroup = { code: region.code, name: region.name ?? region.code, hotlines: [] };
        group.regions.push(regionGroup);
      }
      regionGroup.hotlines.push(hotline);
    }
  }
  const collator = collatorFor(locale);
  for (const group of byCountry.values()) group.regions.sort((a, b) => collator.compare(a.name, b.name));
  const rank = (country: string) => {
    const preferred = preferredCountries.indexOf(country);
    if (preferred >= 0) return preferred;
    const programme = (COUNTRIES as readonly string[]).indexOf(country);
    return preferredCountries.length + (programme >= 0 ? programme : COUNTRIES.length);
  };
  return [...byCountry.values()].sort(
    (a, b) => rank(a.country) - rank(b.country) || collator.compare(countryName(a.country, locale), countryName(b.country, locale)),
  );
}

export function HotlineDirectory({ groups }: { groups: readonly CountryGroup[] }) {
  const { locale, strings } = useLocale();
  if (groups.length === 0) return <p>{strings.hotlinesNone}</p>;
  return (
    <>
      <ul className="jump">
        {groups.map((group) => (
          <li key={group.country}>
            <a className="tap" href={`#country-${group.country}`}>
              {countryName(group.country, locale)}
            </a>
          </li>
        ))}
      </ul>
      {groups.map((group) => (
        <section key={group.country} aria-labelledby={`country-${group.country}`}>
          <h2 id={`country-${group.country}`}>{countryName(group.country, locale)}</h2>
          {group.nationwide.length > 0 ? (
            <>
              <h3>{strings.nationwide}</h3>
              {group.nationwide.map((hotline) => (
                <HotlineCard key={hotline._id} hotline={hotline} headingLevel={4} />
              ))}
            </>
          ) : null}
          {group.regions.map((region) => (
            <div key={region.code}>
              <h3>{region.name}</h3>
              {region.hotlines.map((hotline) => (
                <HotlineCard key={hotline._id} hotline={hotline} headingLevel={4} />
              ))}
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
