/** The parts of a campaign landing page around its sections: hero, page list, share block. */
import type { Campaign } from "~/content/schemas";
import { campaignPagePath } from "~/http/site-urls";
import { useLocale } from "./locale-context";

export function CampaignHero({ hero }: { hero: Campaign["hero"] }) {
  return (
    <div className="hero">
      <h1>{hero.heading}</h1>
      {hero.imageUrl ? <img src={hero.imageUrl} alt={hero.imageAlt ?? ""} loading="lazy" decoding="async" /> : null}
      <p className="lead">{hero.text}</p>
    </div>
  );
}

export function CampaignPageList({ campaignSlug, pages }: { campaignSlug: string; pages: Campaign["pages"] }) {
  const { locale, strings } = useLocale();
  if (pages.length === 0) return null;
  return (
    <nav aria-labelledby="campaign-pages">
      <h2 id="campaign-pages">{strings.inThisCampaign}</h2>
      <ul className="cards">
        {pages.map((page) => (
          <li key={page.slug}>
            <h3>
              <a className="tap" href={campaignPagePath(locale, campaignSlug, page.slug)}>
                {page.title}
              </a>
            </h3>
            {page.description ? <p>{page.description}</p> : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The campaign's share text with plain share links (no widgets, no third-party script): the
 * reader's own WhatsApp or Telegram opens with the text and the page address.
 */
export function ShareBlock({ text, url }: { text: string; url: string }) {
  const { strings } = useLocale();
  const message = `${text} ${url}`;
  return (
    <section className="share" aria-labelledby="share-heading">
      <h2 id="share-heading">{strings.shareTitle}</h2>
      <p>{text}</p>
      <ul className="actions">
        <li>
          <a className="button button-secondary" href={`https://wa.me/?text=${encodeURIComponent(message)}`} rel="noopener noreferrer">
            {strings.whatsapp}
          </a>
        </li>
        <li>
          <a
            className="button button-secondary"
            href={`https://t.me/share/url?url=${encodeURIComponent(url)}&text=${encodeURIComponent(text)}`}
            rel="noopener noreferrer"
          >
            {strings.telegram}
          </a>
        </li>
      </ul>
    </section>
  );
}
