/** The parts of a campaign landing page around its sections: hero, page list, share block. */
import type { Campaign } from "~/content/schemas";
import { campaignPagePath, campaignPosterPath } from "~/http/site-urls";
import { useLocale } from "./locale-context";
import { ShareLinks } from "./share-links";

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
 * The campaign's share text, its share links (app/components/share-links.tsx, counted as
 * share_click) and a link to the printable QR poster.
 */
export function ShareBlock({ campaign, url }: { campaign: Pick<Campaign, "slug" | "title" | "share">; url: string }) {
  const { locale, strings } = useLocale();
  return (
    <section className="share" aria-labelledby="share-heading">
      <h2 id="share-heading">{strings.shareTitle}</h2>
      <p>{campaign.share.text}</p>
      <ShareLinks
        url={url}
        text={campaign.share.text}
        title={campaign.share.title ?? campaign.title}
        locale={locale}
        countedFor={{ campaign: campaign.slug }}
      />
      <p>
        <a href={campaignPosterPath(locale, campaign.slug)}>{strings.posterLink}</a>
      </p>
    </section>
  );
}
