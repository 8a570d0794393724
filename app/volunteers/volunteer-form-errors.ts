/** What can be wrong with a volunteer form, as short codes the page turns into localized text. */
export type SignUpErrorKey = "nickname" | "country" | "region" | "phone" | "ageGroup" | "guardianConsent";
export type FormError = SignUpErrorKey | "too-many" | "wrong" | "expired" | "too-many-attempts" | "unknown" | "report" | "confirm-delete";
