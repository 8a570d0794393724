/**
 * The Studio's content navigation: settings as a single document, campaigns with their pages,
 * hotlines with the lists staff work through (stale numbers, sample numbers), regions by country,
 * and messaging: broadcasts by status and the sample ones, sequences, keywords and the SMS
 * replies document; volunteer missions.
 */
import {
  BellIcon,
  CalendarIcon,
  CogIcon,
  CommentIcon,
  DocumentIcon,
  EnvelopeIcon,
  MobileDeviceIcon,
  PinIcon,
  TargetIcon,
  RocketIcon,
  TagIcon,
  WarningOutlineIcon,
} from "@sanity/icons";
import type { StructureBuilder, StructureResolver } from "sanity/structure";
import type { BROADCAST_STATUSES } from "./schemaTypes/broadcastType";
import { STUDIO_API_VERSION } from "./schemaTypes/lib/campaignLocales";
import { STALE_AFTER_DAYS, STALE_HOTLINE_FILTER } from "./schemaTypes/lib/hotlineWarnings";
import { COUNTRIES } from "./schemaTypes/locales";
import { SITE_SETTINGS_ID } from "./schemaTypes/siteSettingsType";
import { SMS_REPLIES_ID } from "./schemaTypes/smsRepliesType";

/** Initial value template for a page created from a campaign's page list. */
export const PAGE_IN_CAMPAIGN_TEMPLATE = "page-in-campaign";

// The order staff look for broadcasts in: what is about to go out first.
const BROADCAST_LISTS = [
  { status: "scheduled", title: "Scheduled" },
  { status: "draft", title: "Drafts" },
  { status: "paused", title: "Paused" },
  { status: "cancelled", title: "Cancelled" },
] as const satisfies readonly { status: (typeof BROADCAST_STATUSES)[number]["value"]; title: string }[];

/** Sample broadcasts (sent only to the dev phone): what to review or delete after an import. */
function sampleBroadcastsItem(S: StructureBuilder) {
  return S.listItem()
    .title("Samples")
    .id("broadcasts-samples")
    .icon(WarningOutlineIcon)
    .child(
      S.documentList()
        .title("Sample broadcasts")
        .schemaType("broadcast")
        .apiVersion(STUDIO_API_VERSION)
        .filter('_type == "broadcast" && isSample == true'),
    );
}

function messagingItem(S: StructureBuilder) {
  return S.listItem()
    .title("Messaging")
    .icon(EnvelopeIcon)
    .child(
      S.list()
        .title("Messaging")
        .items([
          S.listItem()
            .title("Broadcasts")
            .icon(BellIcon)
            .child(
              S.list()
                .title("Broadcasts")
                .items([
                  ...BROADCAST_LISTS.map(({ status, title }) =>
                    S.listItem()
                      .title(title)
                      .id(`broadcasts-${status}`)
                      .child(
                        S.documentList()
                          .title(`${title} broadcasts`)
                          .schemaType("broadcast")
                          .apiVersion(STUDIO_API_VERSION)
                          .filter('_type == "broadcast" && status == $status')
                          .params({ status })
                          .defaultOrdering([{ field: "schedule.sendAt", direction: "asc" }]),
                      ),
                  ),
                  S.divider(),
                  sampleBroadcastsItem(S),
                  S.documentTypeListItem("broadcast").title("All broadcasts"),
                ]),
            ),
          // Sample sequences are marked in the list preview.
          S.documentTypeListItem("sequence").title("Sequences").icon(CalendarIcon),
          S.documentTypeListItem("keyword").title("Keywords").icon(TagIcon),
          S.listItem()
            .title("SMS replies")
            .id(SMS_REPLIES_ID)
            .icon(CommentIcon)
            .child(S.document().schemaType("smsReplies").documentId(SMS_REPLIES_ID).title("SMS replies")),
        ]),
    );
}

export const structure: StructureResolver = (S) =>
  S.list()
    .title("Content")
    .items([
      S.listItem()
        .title("Site settings")
        .id(SITE_SETTINGS_ID)
        .icon(CogIcon)
        .child(S.document().schemaType("siteSettings").documentId(SITE_SETTINGS_ID).title("Site settings")),
      S.divider(),
      S.documentTypeListItem("campaign").title("Campaigns").icon(RocketIcon),
      S.listItem()
        .title("Pages")
        .icon(DocumentIcon)
        .child(
          S.list()
            .title("Pages")
            .items([
              S.listItem()
                .title("By campaign")
                .icon(RocketIcon)
                .child(
                  S.documentTypeList("campaign")
                    .title("Pages by campaign")
                    .child((campaignId) =>
                      S.documentList()
                        .title("Pages")
                        .schemaType("page")
                        .apiVersion(STUDIO_API_VERSION)
                        .filter('_type == "page" && campaign._ref == $campaignId')
                        .params({ campaignId })
                        .defaultOrdering([{ field: "order", direction: "asc" }])
                        .initialValueTemplates([S.initialValueTemplateItem(PAGE_IN_CAMPAIGN_TEMPLATE, { campaignId })]),
                    ),
                ),
              S.documentTypeListItem("page").title("All pages"),
            ]),
        ),
      S.divider(),
      S.listItem()
        .title("Hotlines")
        .icon(MobileDeviceIcon)
        .child(
          S.list()
            .title("Hotlines")
            .items([
              S.documentTypeListItem("hotline").title("All hotlines"),
              S.listItem()
                .title(`Not verified for ${STALE_AFTER_DAYS} days`)
                .icon(WarningOutlineIcon)
                .child(
                  S.documentList()
                    .title(`Not verified for ${STALE_AFTER_DAYS} days`)
                    .schemaType("hotline")
                    .apiVersion(STUDIO_API_VERSION)
                    .filter(STALE_HOTLINE_FILTER)
                    .defaultOrdering([{ field: "lastVerifiedAt", direction: "asc" }]),
                ),
              S.listItem()
                .title("Sample hotlines")
                .icon(WarningOutlineIcon)
                .child(
                  S.documentList()
                    .title("Sample hotlines")
                    .schemaType("hotline")
                    .apiVersion(STUDIO_API_VERSION)
                    .filter('_type == "hotline" && isSample == true'),
                ),
              S.divider(),
              ...COUNTRIES.map((country) =>
                S.listItem()
                  .title(country.title)
                  .id(`hotlines-${country.code}`)
                  .child(
                    S.documentList()
                      .title(`Hotlines in ${country.title}`)
                      .schemaType("hotline")
                      .apiVersion(STUDIO_API_VERSION)
                      .filter('_type == "hotline" && country == $country')
                      .params({ country: country.code })
                      .defaultOrdering([{ field: "priority", direction: "asc" }]),
                  ),
              ),
            ]),
        ),
      S.listItem()
        .title("Regions")
        .icon(PinIcon)
        .child(
          S.list()
            .title("Regions by country")
            .items(
              COUNTRIES.map((country) =>
                S.listItem()
                  .title(country.title)
                  .id(`regions-${country.code}`)
                  .child(
                    S.documentList()
                      .title(`Regions of ${country.title}`)
                      .schemaType("region")
                      .apiVersion(STUDIO_API_VERSION)
                      .filter('_type == "region" && country == $country')
                      .params({ country: country.code })
                      .defaultOrdering([{ field: "code", direction: "asc" }]),
                  ),
              ),
            ),
        ),
      S.documentTypeListItem("mission").title("Volunteer missions").icon(TargetIcon),
      S.divider(),
      messagingItem(S),
    ]);
