import type { Hotline } from "~/content/schemas";
import { cachedCountryName as countryName } from "../format/intl-cache";
import { hotlinesPath } from "~/http/site-urls";
import { HotlineList } from "../hotline-card";
import { useLocale } from "../locale-context";

export interface HotlineBlockProps {
  /** Unique on the page: the heading's id. */
  id: string;
  heading: string;
  intro?: string | null;
  countries: readonly string[];
  hotlines: readonly Hotline[];
}

/** Hotlines of the given countries; with several countries each gets its own sub-heading. */
export function HotlineBlock({ id, heading, intro, countries, hotlines }: HotlineBlockProps) {
  const { locale, strings } = useLocale();
  const shown = hotlines.filter((hotline) => countries.includes(hotline.country));
  return (
    <section aria-labelledby={id} data-section="hotlines">
      <h2 id={id}>{heading}</h2>
      {intro ? <p>{intro}</p> : null}
      {countries.length > 1 ? (
        countries.map((country) => (
          <div key={country}>
            <h3>{countryName(country, locale)}</h3>
            <HotlineList hotlines={shown.filter((hotline) => hotline.country === country)} headingLevel={4} />
          </div>
        ))
      ) : (
        <HotlineList hotlines={shown} />
      )}
      <p>
        <a className="tap" href={hotlinesPath(locale)}>
          {strings.hotlinesLink}
        </a>
      </p>
    </section>
  );
}
