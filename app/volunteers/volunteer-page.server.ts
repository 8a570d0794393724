/**
 * The server side of /:lang/volunteer, what the page shows: the sign-up and sign-in forms, or
 * the signed-in volunteer's dashboard (links, reach, missions, leaderboards, reports). The
 * volunteer is known only from the session cookie: no URL names a volunteer, so nobody can ask
 * for another's data. The forms' actions are in volunteer-actions.server.ts.
 */
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { countryName, COUNTRIES, type Locale } from "~/i18n/locales";
import { volunteerProfile } from "./accounts.server";
import { regionalLeaderboard } from "./leaderboard.server";
import { missionProgress } from "./missions.server";
import { sessionReportsOf } from "./session-reports.server";
import { joinWithCodeInvitation } from "./join-referral";
import { AGE_GROUPS } from "./volunteer-profile";
import { volunteerReach } from "./volunteer-reach.server";
import { sessionIdFromCookie, volunteerIdOfSession } from "./volunteer-session.server";
import { referralPath, volunteerPosterPath } from "./volunteer-urls";

export interface VolunteerPageDeps {
  db: Database;
  keyring: PhoneKeyring;
  content: ContentSource;
  sessionSecret: string;
  isProduction: boolean;
  baseUrl: string;
  senderFor: (to: string, channel: "sms" | "whatsapp") => string;
  /** SMS segments of a text (messaging's counter, passed in so volunteers does not import messaging, which imports volunteers). */
  segmentsOf: (body: string) => number;
  now: () => Date;
}

/** Days of reach on the dashboard. */
const REACH_DAYS = 28;

export const cookieOptions = (deps: VolunteerPageDeps) => ({ secret: deps.sessionSecret, secure: deps.isProduction });

export async function signedInVolunteerId(deps: VolunteerPageDeps, request: Request): Promise<number | null> {
  return volunteerIdOfSession(deps.db, sessionIdFromCookie(request.headers.get("cookie"), deps.sessionSecret), deps.now());
}

export const today = (now: Date) => now.toISOString().slice(0, 10);

/** Everything the page shows, for a visitor or for the signed-in volunteer. */
export async function loadVolunteerPage(deps: VolunteerPageDeps, request: Request, locale: Locale) {
  const [settings, regions] = await Promise.all([deps.content.siteSettings(locale), deps.content.regions(locale)]);
  const countries = COUNTRIES.map((code) => ({
    code,
    name: countryName(code, locale),
    regions: regions.filter((region) => region.country === code).map((region) => ({ code: region.code, name: region.name })),
  })).filter((country) => country.regions.length > 0);
  const regionName = new Map(regions.map((region) => [region.code, region.name]));
  const deleted = new URL(request.url).searchParams.get("deleted") === "1";
  const volunteerId = await signedInVolunteerId(deps, request);
  const profile = volunteerId === null ? null : await volunteerProfile(deps.db, deps.keyring, volunteerId);
  const form = {
    countries,
    ageGroups: AGE_GROUPS,
    guardianConsentText: settings?.volunteerGuardianConsent ?? null,
  };
  if (!profile) return { signedIn: false as const, locale, deleted, form };

  const now = deps.now();
  const campaigns = await deps.content.liveCampaigns(locale, today(now));
  const [reach, reports, leaderboards, missions] = await Promise.all([
    volunteerReach(deps.db, profile.id, { today: today(now), days: REACH_DAYS }),
    sessionReportsOf(deps.db, profile.id),
    Promise.all(
      campaigns.map(async (campaign) => ({
        campaign: campaign.slug,
        title: campaign.title,
        entries: await regionalLeaderboard(deps.db, {
          campaign: campaign.slug,
          country: profile.country,
          region: profile.region,
          viewerId: profile.id,
        }),
      })),
    ),
    deps.content.missions(locale, today(now)).then((running) => missionProgress(deps.db, profile.id, running, today(now))),
  ]);
  return {
    signedIn: true as const,
    locale,
    deleted: false,
    form,
    profile: {
      nickname: profile.nickname,
      referralCode: profile.referralCode,
      countryName: countryName(profile.country, locale),
      regionName: regionName.get(profile.region) ?? profile.region,
      school: profile.school,
      maskedPhone: profile.maskedPhone,
      leaderboardOptIn: profile.leaderboardOptIn,
    },
    links: await Promise.all(
      campaigns.map(async (campaign) => {
        const full = await deps.content.campaign(locale, campaign.slug, today(now)).catch(() => null);
        return {
          slug: campaign.slug,
          title: campaign.title,
          url: `${deps.baseUrl}${referralPath(profile.referralCode, campaign.slug)}`,
          // The campaign's own share text from the Studio; its summary if the full campaign cannot be read.
          shareText: full?.share.text ?? campaign.summary,
          posterPath: volunteerPosterPath(locale, campaign.slug),
          // What the poster prints: the campaign's word and the code, texted to our number.
          subscribe: full ? joinWithCodeInvitation(full.sms, settings?.smsNumber, profile.referralCode) : null,
        };
      }),
    ),
    reach: {
      byRegion: { ...reach.byRegion, rowNames: reach.byRegion.rows.map((code) => (code ? (regionName.get(code) ?? code) : "")) },
      byDay: reach.byDay,
      days: REACH_DAYS,
    },
    leaderboards,
    reports,
    missions,
    today: today(now),
  };
}

export type VolunteerPageData = Awaited<ReturnType<typeof loadVolunteerPage>>;
