/**
 * The signed-out volunteer page: sign-up and sign-in forms, and the code form that follows
 * either. Plain HTML forms (no JavaScript); errors are listed at the top with links to the
 * fields and repeated next to each field (GOV.UK error summary pattern).
 */
import { useLocale } from "~/components/locale-context";
import type { UiStringKey } from "~/i18n/ui-strings";
import type { FormError } from "~/volunteers/volunteer-form-errors";

export interface RegionChoices {
  code: string;
  name: string;
  regions: Array<{ code: string; name: string }>;
}

const ERROR_TEXT: Record<FormError, UiStringKey> = {
  nickname: "volunteerErrorNickname",
  country: "volunteerErrorCountry",
  region: "volunteerErrorRegion",
  phone: "volunteerErrorPhone",
  ageGroup: "volunteerErrorAgeGroup",
  guardianConsent: "volunteerErrorConsent",
  "too-many": "volunteerErrorTooMany",
  wrong: "volunteerErrorCodeWrong",
  expired: "volunteerErrorCodeExpired",
  "too-many-attempts": "volunteerErrorCodeLocked",
  unknown: "volunteerErrorCodeUnknown",
  report: "volunteerErrorReport",
  "confirm-delete": "volunteerErrorConfirmDelete",
};

/** Where each error's field is, for the summary's links. */
const ERROR_FIELD: Partial<Record<FormError, string>> = {
  nickname: "volunteer-nickname",
  country: "volunteer-country",
  region: "volunteer-region",
  phone: "volunteer-phone",
  ageGroup: "volunteer-age-13-15",
  guardianConsent: "volunteer-guardian",
};

export function useErrorText() {
  const { strings } = useLocale();
  return (error: FormError) => strings[ERROR_TEXT[error]];
}

export function ErrorSummary({ errors, fieldPrefix = "" }: { errors: readonly FormError[]; fieldPrefix?: string }) {
  const { strings } = useLocale();
  const text = useErrorText();
  if (errors.length === 0) return null;
  return (
    <div className="volunteer-errors" role="alert" aria-labelledby="volunteer-errors-title">
      <h2 id="volunteer-errors-title">{strings.volunteerErrorTitle}</h2>
      <ul>
        {errors.map((error) => (
          <li key={error}>{ERROR_FIELD[error] ? <a href={`#${fieldPrefix}${ERROR_FIELD[error]}`}>{text(error)}</a> : text(error)}</li>
        ))}
      </ul>
    </div>
  );
}

function FieldError({ id, error }: { id: string; error: FormError | undefined }) {
  const text = useErrorText();
  return error ? (
    <span className="volunteer-field-error" id={id}>
      {text(error)}
    </span>
  ) : null;
}

export function SignUpForm(props: {
  countries: readonly RegionChoices[];
  ageGroups: readonly string[];
  guardianConsentText: string | null;
  errors: readonly FormError[];
  values: Readonly<Record<string, string>>;
}) {
  const { strings } = useLocale();
  const { countries, ageGroups, guardianConsentText, errors, values } = props;
  const has = (error: FormError) => (errors.includes(error) ? error : undefined);
  const describedBy = (hint: string | null, error: FormError) =>
    [hint, has(error) ? `${error}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form method="post" className="volunteer-form" aria-labelledby="volunteer-sign-up-title" noValidate>
      <h2 id="volunteer-sign-up-title">{strings.volunteerSignUpTitle}</h2>
      <input type="hidden" name="intent" value="sign-up" />
      <p className="volunteer-field">
        <label htmlFor="volunteer-nickname">{strings.volunteerNickname}</label>
        <span className="volunteer-hint" id="volunteer-nickname-hint">
          {strings.volunteerNicknameHint}
        </span>
        <FieldError id="nickname-error" error={has("nickname")} />
        <input
          id="volunteer-nickname"
          name="nickname"
          required
          maxLength={30}
          autoComplete="nickname"
          defaultValue={values.nickname ?? ""}
          aria-invalid={has("nickname") ? true : undefined}
          aria-describedby={describedBy("volunteer-nickname-hint", "nickname")}
        />
      </p>
      <p className="volunteer-field">
        <label htmlFor="volunteer-country">{strings.volunteerCountry}</label>
        <FieldError id="country-error" error={has("country")} />
        <select
          id="volunteer-country"
          name="country"
          required
          defaultValue={values.country ?? ""}
          aria-invalid={has("country") ? true : undefined}
          aria-describedby={describedBy(null, "country")}
        >
          <option value="">{strings.volunteerChoose}</option>
          {countries.map((country) => (
            <option key={country.code} value={country.code}>
              {country.name}
            </option>
          ))}
        </select>
      </p>
      <p className="volunteer-field">
        <label htmlFor="volunteer-region">{strings.volunteerRegion}</label>
        <FieldError id="region-error" error={has("region")} />
        <select
          id="volunteer-region"
          name="region"
          required
          defaultValue={values.region ?? ""}
          aria-invalid={has("region") ? true : undefined}
          aria-describedby={describedBy(null, "region")}
        >
          <option value="">{strings.volunteerChoose}</option>
          {countries.map((country) => (
            <optgroup key={country.code} label={country.name}>
              {country.regions.map((region) => (
                <option key={region.code} value={region.code}>
                  {region.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </p>
      <p className="volunteer-field">
        <label htmlFor="volunteer-school">{strings.volunteerSchool}</label>
        <input id="volunteer-school" name="school" maxLength={80} autoComplete="organization" defaultValue={values.school ?? ""} />
      </p>
      <p className="volunteer-field">
        <label htmlFor="volunteer-phone">{strings.volunteerPhone}</label>
        <span className="volunteer-hint" id="volunteer-phone-hint">
          {strings.volunteerPhoneHint}
        </span>
        <FieldError id="phone-error" error={has("phone")} />
        <input
          id="volunteer-phone"
          name="phone"
          type="tel"
          dir="ltr"
          required
          maxLength={40}
          autoComplete="tel"
          aria-invalid={has("phone") ? true : undefined}
          aria-describedby={describedBy("volunteer-phone-hint", "phone")}
        />
      </p>
      <fieldset className="volunteer-field" aria-describedby={has("ageGroup") ? "ageGroup-error" : undefined}>
        <legend>{strings.volunteerAgeGroup}</legend>
        <FieldError id="ageGroup-error" error={has("ageGroup")} />
        {ageGroups.map((group) => (
          <span className="volunteer-choice" key={group}>
            <input
              type="radio"
              id={`volunteer-age-${group}`}
              name="ageGroup"
              value={group}
              defaultChecked={values.ageGroup === group}
              required
            />
            <label htmlFor={`volunteer-age-${group}`}>
              {group === "25-plus" ? strings.volunteerAgeOver25 : <span dir="ltr">{group.replace("-", "–")}</span>}
            </label>
          </span>
        ))}
      </fieldset>
      <fieldset
        className="volunteer-field volunteer-guardian"
        aria-describedby={has("guardianConsent") ? "guardianConsent-error" : undefined}
      >
        <legend>{strings.volunteerGuardianTitle}</legend>
        {guardianConsentText ? (
          <>
            <p className="volunteer-consent-text">{guardianConsentText}</p>
            <FieldError id="guardianConsent-error" error={has("guardianConsent")} />
            <span className="volunteer-choice">
              <input type="checkbox" id="volunteer-guardian" name="guardianConsent" value="yes" />
              <label htmlFor="volunteer-guardian">{strings.volunteerGuardianConfirm}</label>
            </span>
          </>
        ) : (
          <p>{strings.volunteerGuardianUnavailable}</p>
        )}
      </fieldset>
      <p>
        <button type="submit" className="button">
          {strings.volunteerSendCode}
        </button>
      </p>
    </form>
  );
}

export function SignInForm({ errors }: { errors: readonly FormError[] }) {
  const { strings } = useLocale();
  const text = useErrorText();
  const error = errors.find((candidate) => candidate === "phone" || candidate === "too-many");
  return (
    <form method="post" className="volunteer-form" aria-labelledby="volunteer-sign-in-title" noValidate>
      <h2 id="volunteer-sign-in-title">{strings.volunteerSignInTitle}</h2>
      <input type="hidden" name="intent" value="sign-in" />
      <p className="volunteer-field">
        <label htmlFor="volunteer-sign-in-phone">{strings.volunteerPhone}</label>
        {error ? (
          <span className="volunteer-field-error" id="sign-in-error">
            {text(error)}
          </span>
        ) : null}
        <input
          id="volunteer-sign-in-phone"
          name="phone"
          type="tel"
          dir="ltr"
          required
          maxLength={40}
          autoComplete="tel"
          aria-invalid={error === "phone" ? true : undefined}
          aria-describedby={error ? "sign-in-error" : undefined}
        />
      </p>
      <p>
        <button type="submit" className="button">
          {strings.volunteerSendCode}
        </button>
      </p>
    </form>
  );
}

export function CodeForm({ challenge, error, action }: { challenge: string; error?: FormError; action: string }) {
  const { strings } = useLocale();
  const text = useErrorText();
  return (
    <form method="post" className="volunteer-form" aria-labelledby="volunteer-code-title" noValidate>
      <h2 id="volunteer-code-title">{strings.volunteerCodeTitle}</h2>
      <p>{strings.volunteerCodeSent}</p>
      <input type="hidden" name="intent" value="verify" />
      <input type="hidden" name="challenge" value={challenge} />
      <p className="volunteer-field">
        <label htmlFor="volunteer-code">{strings.volunteerCode}</label>
        {error ? (
          <span className="volunteer-field-error" id="code-error" role="alert">
            {text(error)}
          </span>
        ) : null}
        <input
          id="volunteer-code"
          name="code"
          inputMode="numeric"
          dir="ltr"
          autoComplete="one-time-code"
          required
          maxLength={20}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "code-error" : undefined}
        />
      </p>
      <p>
        <button type="submit" className="button">
          {strings.volunteerSignIn}
        </button>
      </p>
      <p>
        <a href={action}>{strings.volunteerNewCode}</a>
      </p>
    </form>
  );
}
