/**
 * GET /og/:lang/:file: the link-preview images (app/http/share-image.server.ts), mounted ahead of
 * the page microcache: the images have their own cache keyed by content hash, and answer
 * conditional requests with their ETag, which the microcache's replay does not carry.
 */
import type { RequestHandler } from "express";
import type { ContentSource } from "~/content/content-source";
import { shareImageAnswer } from "~/http/share-image.server";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";

export const SHARE_IMAGE_ROUTE = "/og/:lang/:file";

export function shareImageHandler(options: { content: ContentSource; baseUrl: string; now: () => Date; logger: Logger }): RequestHandler {
  return (req, res, next) => {
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    const { lang, file } = req.params;
    shareImageAnswer({ ...options, lang: text(lang), file: text(file), version: text(req.query.v), ifNoneMatch: req.get("if-none-match") })
      .then((answer) => {
        res.status(answer.status).set(answer.headers);
        if (answer.body) res.end(answer.body);
        else res.end();
      })
      .catch((error: unknown) => {
        options.logger.error({ error: errorFacts(error) }, "share image: unexpected failure");
        next(error);
      });
  };
}
