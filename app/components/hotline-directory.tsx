/**
 * The hotline directory: every country (the reader's likely countries first), and within it the
 * nationwide hotlines, then one group per region served. A hotline serving several regions is
 * listed under each, so a reader looking up their own region finds every number that serves it.
 * International lines come last, under "Anywhere in the world".
 *
 * Above it, the "I am from … / I am in …" form (a plain GET form, no script); once filled in, the
 * directory shows the sections for that pair instead (app/http/hotline-places.ts).
 */
import type { Hotline } from "~/content/schemas";
import type { DirectorySection, PlaceFilter } from "~/http/hotline-places";
import { ANOTHER_COUNTRY, COUNTRIES, type Locale } from "~/i18n/locales";
import { format } from "~/i18n/ui-strings";
import { cachedCountryName as countryName, collator as collatorFor } from "./format/intl-cache";
import { HotlineCard, HotlineList } from "./hotline-card";
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
    // International lines are not a country's: they have a section of their own (AnywhereSection).
    if (hotline.international) continue;
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

export function HotlineDirectory({ groups, anywhere = [] }: { groups: readonly CountryGroup[]; anywhere?: readonly Hotline[] }) {
  const { locale, strings } = useLocale();
  if (groups.length === 0 && anywhere.length === 0) return <p>{strings.hotlinesNone}</p>;
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
        {anywhere.length > 0 ? (
          <li>
            <a className="tap" href="#country-anywhere">
              {strings.hotlinesAnywhere}
            </a>
          </li>
        ) : null}
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
      <AnywhereSection hotlines={anywhere} />
    </>
  );
}

/**
 * "I am from … / I am in …": two selects and a button, sent as a GET request, so it works
 * without script and the answer is a link that can be shared.
 */
/** A region the form offers under "I am from": the reach counts learn the reader's region from it too. */
export interface RegionChoice {
  code: string;
  country: string;
  name: string;
}

export function PlaceFilterForm({
  filter,
  places,
  regions = [],
  action,
}: {
  filter: PlaceFilter;
  places: readonly string[];
  regions?: readonly RegionChoice[];
  action: string;
}) {
  const { locale, strings } = useLocale();
  const placeName = (place: string) => (place === ANOTHER_COUNTRY ? strings.placeFilterAnother : countryName(place, locale));
  return (
    <form method="get" action={action} className="place-filter" aria-labelledby="place-filter-title">
      <h2 id="place-filter-title">{strings.placeFilterTitle}</h2>
      <div className="place-filter-fields">
        <p>
          <label htmlFor="place-filter-from">{strings.placeFilterFrom}</label>
          <select id="place-filter-from" name="from" defaultValue={filter.from ?? ""}>
            <option value="">{strings.placeFilterChoose}</option>
            {COUNTRIES.map((country) => (
              <option key={country} value={country}>
                {countryName(country, locale)}
              </option>
            ))}
          </select>
        </p>
        {regions.length > 0 ? (
          <p>
            <label htmlFor="place-filter-region">{strings.filterRegion}</label>
            <select id="place-filter-region" name="region" defaultValue={filter.region ?? ""}>
              <option value="">{strings.filterAll}</option>
              {COUNTRIES.filter((country) => regions.some((region) => region.country === country)).map((country) => (
                <optgroup key={country} label={countryName(country, locale)}>
                  {regions
                    .filter((region) => region.country === country)
                    .map((region) => (
                      <option key={region.code} value={region.code}>
                        {region.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </p>
        ) : null}
        <p>
          <label htmlFor="place-filter-in">{strings.placeFilterIn}</label>
          <select id="place-filter-in" name="in" defaultValue={filter.in ?? ""}>
            <option value="">{strings.placeFilterChoose}</option>
            {places.map((place) => (
              <option key={place} value={place}>
                {placeName(place)}
              </option>
            ))}
          </select>
        </p>
      </div>
      <p className="actions">
        <button type="submit" className="button">
          {strings.placeFilterSubmit}
        </button>
        {filter.from || filter.in || filter.region ? (
          <a className="button button-secondary" href={action}>
            {strings.hotlinesLink}
          </a>
        ) : null}
      </p>
    </form>
  );
}

/** The directory for one "from / in" pair: where they are, home, anywhere. */
export function DirectorySections({ sections }: { sections: readonly DirectorySection[] }) {
  const { locale, strings } = useLocale();
  const heading = (section: DirectorySection) =>
    section.kind === "anywhere"
      ? strings.hotlinesAnywhere
      : format(section.kind === "here" ? strings.hotlinesHere : strings.hotlinesAtHome, { country: countryName(section.country, locale) });
  return (
    <>
      {sections.map((section) => (
        <section key={section.kind} aria-labelledby={`section-${section.kind}`}>
          <h2 id={`section-${section.kind}`}>{heading(section)}</h2>
          <HotlineList hotlines={section.hotlines} />
        </section>
      ))}
    </>
  );
}

/** The international lines, after every country's. */
export function AnywhereSection({ hotlines }: { hotlines: readonly Hotline[] }) {
  const { strings } = useLocale();
  if (hotlines.length === 0) return null;
  return (
    <section aria-labelledby="country-anywhere">
      <h2 id="country-anywhere">{strings.hotlinesAnywhere}</h2>
      <HotlineList hotlines={hotlines} />
    </section>
  );
}
