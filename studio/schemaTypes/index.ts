import {callToActionType} from './callToActionType'
import {campaignType} from './campaignType'
import {faqType} from './faqType'
import {hotlineBlockType} from './hotlineBlockType'
import {hotlineType} from './hotlineType'
import {localeBlockContentType} from './localeBlockContentType'
import {localeReviewStatusType} from './localeReviewStatusType'
import {localeStringType} from './localeStringType'
import {localeTextType} from './localeTextType'
import {mythFactType} from './mythFactType'
import {pageType} from './pageType'
import {regionType} from './regionType'
import {safeMigrationStepsType} from './safeMigrationStepsType'
import {signsChecklistType} from './signsChecklistType'
import {siteSettingsType} from './siteSettingsType'
import {storySectionType} from './storySectionType'

// Later additions (broadcast, sequence, keyword) are documents of their own and go in this list.
export const schemaTypes = [
  // Localized values
  localeStringType,
  localeTextType,
  localeBlockContentType,
  localeReviewStatusType,
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
]
