/**
 * "Request approval" on a broadcast: sets the status to Scheduled and publishes, in one step. It
 * approves nothing: the app sends a broadcast only under an approval recorded on its staff page
 * (/staff/broadcasts/<id>) by an approver who did not prepare it, for exactly the content
 * published (docs/decisions/024-four-eyes-approval.md). Anyone with Studio access could press
 * a Studio button or patch a field through the API, so no Studio field can be the approval.
 *
 * Disabled while the document has validation errors, and when it is published, scheduled and
 * has no unpublished changes (nothing new to review).
 * Document actions: https://www.sanity.io/docs/studio/document-actions
 */
import { PublishIcon } from "@sanity/icons";
import { useEffect, useState } from "react";
import { type DocumentActionComponent, useDocumentOperation, useValidationStatus } from "sanity";
import { isMarkedSample } from "../schemaTypes/lib/sampleMark";

const SAMPLE_NOTE =
  "Sample broadcast: scheduling it sends it only to the dev phone of a development site, never through Twilio or in production";

export const RequestApprovalAction: DocumentActionComponent = (props) => {
  const { id, type, draft, published } = props;
  const { patch, publish } = useDocumentOperation(id, type);
  const validation = useValidationStatus(draft?._id ?? published?._id ?? id, type, true);
  // Set while this click's draft (status Scheduled) waits to be published.
  const [pending, setPending] = useState<{ publishing: boolean } | null>(null);

  const hasErrors = validation.validation.some((marker) => marker.level === "error");
  const isSample = isMarkedSample((draft ?? published)?.isSample);
  const alreadyRequested = draft === null && published?.status === "scheduled";

  useEffect(() => {
    if (pending === null) return;
    if (draft === null && published?.status === "scheduled") {
      setPending(null);
      return;
    }
    // Publish once (publishing needs the patched draft to exist first).
    if (!pending.publishing && draft?.status === "scheduled" && !publish.disabled) {
      setPending({ publishing: true });
      publish.execute();
    }
  }, [pending, draft, published, publish]);

  return {
    label: pending ? "Requesting…" : "Request approval",
    icon: PublishIcon,
    tone: "primary",
    disabled: pending !== null || validation.isValidating || hasErrors || alreadyRequested,
    title: hasErrors
      ? "Fix the validation errors first"
      : alreadyRequested
        ? "Published and scheduled: an editor submits it, and another person approves it, on the staff page /staff/broadcasts"
        : isSample
          ? SAMPLE_NOTE
          : "Set the status to Scheduled and publish. Nothing is sent until someone other than its preparer approves this exact version on the staff page /staff/broadcasts",
    onHandle: () => {
      // Without a draft, the patch first creates one from the published version.
      patch.execute([{ set: { status: "scheduled" } }]);
      setPending({ publishing: false });
    },
  };
};

RequestApprovalAction.displayName = "RequestApprovalAction";
