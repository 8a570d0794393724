/**
 * The session's CSRF token as a hidden field named `csrf`: put one in every staff form that posts
 * (requireStaffForm refuses a post without it). Loaders pass `csrfToken` to the page.
 */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}
