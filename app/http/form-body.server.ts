/**
 * A route action's form, or a clear 4xx. Remix runs an action for every method but GET and HEAD,
 * and `request.formData()` throws on a body that is not a form (none, JSON, a broken multipart
 * body): a PUT, or a post from a confused client, surfaced as a 500 and an error in the log.
 */
import { data } from "@remix-run/node";
import { methodNotAllowed } from "./route-errors";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

export async function readPostedForm(request: Request): Promise<FormData> {
  if (request.method !== "POST") methodNotAllowed();
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) {
    throw data("Expected a form: application/x-www-form-urlencoded or multipart/form-data.", { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw data("The form could not be read.", { status: 400 });
  }
}
