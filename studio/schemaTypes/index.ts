import { broadcastType } from "./broadcastType";
import { callToActionType } from "./callToActionType";
import { campaignType } from "./campaignType";
import { faqType } from "./faqType";
import { hotlineBlockType } from "./hotlineBlockType";
import { hotlineType } from "./hotlineType";
import { keywordType } from "./keywordType";
import { localeBlockContentType } from "./localeBlockContentType";
import { localeKeywordsType } from "./localeKeywordsType";
import { localeReviewStatusType } from "./localeReviewStatusType";
import { localeSmsTextType } from "./localeSmsTextType";
import { localeStringType } from "./localeStringType";
import { localeTextType } from "./localeTextType";
import { missionType } from "./missionType";
import { mythFactType } from "./mythFactType";
import { pageType } from "./pageType";
import { regionType } from "./regionType";
import { safeMigrationStepsType } from "./safeMigrationStepsType";
import { sequenceType } from "./sequenceType";
import { signsChecklistType } from "./signsChecklistType";
import { siteSettingsType } from "./siteSettingsType";
import { smsRepliesType } from "./smsRepliesType";
import { storySectionType } from "./storySectionType";

export const schemaTypes = [
  // Localized values
  localeStringType,
  localeTextType,
  localeBlockContentType,
  localeReviewStatusType,
  localeSmsTextType,
  localeKeywordsType,
  // Sections
  storySectionType,
  signsChecklistType,
  mythFactType,
  safeMigrationStepsType,
  hotlineBlockType,
  callToActionType,
  faqType,
  // Documents
  regionType,
  hotlineType,
  campaignType,
  pageType,
  siteSettingsType,
  missionType,
  // Messaging documents
  keywordType,
  smsRepliesType,
  broadcastType,
  sequenceType,
];
