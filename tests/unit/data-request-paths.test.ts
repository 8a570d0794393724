/** A data request's id (its page and export addresses) is never logged; the number form's path is. */
import { describe, expect, it } from "vitest";
import { loggablePath } from "~/http/loggable-path";

describe("data request paths in logs", () => {
  it.each([
    ["/staff/data-requests/AbCdEf0123456789_-AbCdEf01234567", "/staff/data-requests/[request]"],
    ["/staff/data-requests/AbCdEf0123456789_-AbCdEf01234567/export", "/staff/data-requests/[request]/export"],
    ["/staff/data-requests", "/staff/data-requests"],
  ])("%s → %s", (path, logged) => {
    expect(loggablePath(path)).toBe(logged);
  });
});
