/**
 * The broadcast page's sections where staff act: the four-eyes approval (submit, approve, revoke)
 * and "send a test to my phone" with the user's masked test number. Forms only: no JavaScript.
 */
import { format } from "~/i18n/ui-strings";
import { endonym } from "~/i18n/locales";
import type { StaffRole } from "~/staff/roles";
import { dateTime, PostForm, type SectionProps } from "./broadcast-page-parts";

/** The current content's approval state, earlier approved versions, and the submit / approve / revoke forms the role allows. */
export function Approval({ page, strings, lang, csrf, can }: SectionProps & { csrf: string; can: (role: StaffRole) => boolean }) {
  const { current } = page;
  return (
    <section aria-labelledby="approval">
      <h2 id="approval">{strings.approvalTitle}</h2>
      <p>{strings.approvalIntro}</p>
      {page.subject === "broadcast" ? <p>{format(strings.selfApprovalRule, { max: page.selfApprovalMax })}</p> : null}
      {page.isSample ? <p>{strings.sampleApproval}</p> : null}
      {page.hash === null ? (
        <p role="alert" className="staff-error">
          {strings.cannotSend}
        </p>
      ) : (
        <p className="staff-meta">{format(strings.version, { hash: page.shortHash ?? "" })}</p>
      )}
      {page.hash !== null && current === null ? <p>{strings.notSubmitted}</p> : null}
      {current && current.approvedAt === null ? (
        <p>{format(strings.awaiting, { name: current.preparedBy, at: dateTime(current.preparedAt), recipients: current.recipients })}</p>
      ) : null}
      {current?.approvedAt ? (
        <p className="staff-notice">
          {current.recipientCap !== null
            ? format(strings.selfApproved, {
                approver: current.approvedBy ?? "",
                at: dateTime(current.approvedAt),
                cap: current.recipientCap,
              })
            : format(strings.approved, {
                approver: current.approvedBy ?? "",
                at: dateTime(current.approvedAt),
                preparer: current.preparedBy,
              })}
        </p>
      ) : null}
      {page.older.map((older) => (
        <p key={older.id} className="staff-meta">
          {format(strings.olderApproval, { hash: older.shortHash, approver: older.approvedBy ?? "", at: dateTime(older.approvedAt ?? "") })}
        </p>
      ))}
      <div className="staff-actions">
        {page.hash !== null && current === null && can("editor") ? (
          <PostForm csrf={csrf} lang={lang}>
            <input type="hidden" name="hash" value={page.hash} />
            <button type="submit" name="intent" value="submit">
              {strings.submit}
            </button>
          </PostForm>
        ) : null}
        {page.hash !== null && current && current.approvedAt === null && can("approver") ? (
          page.mayApproveCurrent ? (
            <PostForm csrf={csrf} lang={lang}>
              <input type="hidden" name="approvalId" value={current.id} />
              <input type="hidden" name="hash" value={page.hash} />
              <button type="submit" name="intent" value="approve">
                {strings.approve}
              </button>
            </PostForm>
          ) : (
            <p>{format(strings.ownSubmission, { max: page.selfApprovalMax })}</p>
          )
        ) : null}
        {current && can("approver") ? (
          <PostForm csrf={csrf} lang={lang}>
            <input type="hidden" name="approvalId" value={current.id} />
            <button type="submit" name="intent" value="revoke" className="staff-danger">
              {current.approvedAt ? strings.revokeApproval : strings.revoke}
            </button>
          </PostForm>
        ) : null}
      </div>
    </section>
  );
}

/** The user's masked test phone, the forms to set or remove it, and "send a test" in a chosen language. */
export function TestSend({ page, strings, lang, csrf }: SectionProps & { csrf: string }) {
  const locales = page.previews[0]?.texts.map((text) => text.locale) ?? [];
  return (
    <section aria-labelledby="test">
      <h2 id="test">{strings.testTitle}</h2>
      <p>{strings.testIntro}</p>
      <p>{page.testPhone ? format(strings.testPhone, { phone: page.testPhone }) : strings.noTestPhone}</p>
      <PostForm csrf={csrf} lang={lang} className="staff-form">
        <label htmlFor="test-phone">{strings.testPhoneLabel}</label>
        <input id="test-phone" name="phone" type="tel" autoComplete="off" inputMode="tel" required />
        <button type="submit" name="intent" value="test-phone">
          {strings.saveTestPhone}
        </button>
      </PostForm>
      {page.testPhone ? (
        <>
          <PostForm csrf={csrf} lang={lang} className="staff-form">
            <button type="submit" name="intent" value="test-phone-remove">
              {strings.removeTestPhone}
            </button>
          </PostForm>
          <PostForm csrf={csrf} lang={lang} className="staff-form">
            <label htmlFor="test-locale">{strings.testLocale}</label>
            <select id="test-locale" name="locale">
              {locales.map((locale) => (
                <option key={locale} value={locale}>
                  {endonym(locale)} ({locale})
                </option>
              ))}
            </select>
            <button type="submit" name="intent" value="test-send">
              {strings.sendTest}
            </button>
          </PostForm>
        </>
      ) : null}
    </section>
  );
}
