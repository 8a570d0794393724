/**
 * "Approve" on a broadcast: records who approved it and when, sets the status to Scheduled and
 * publishes, in one step. The jobs send only scheduled broadcasts, and "as soon as approved"
 * ones only once `approvedAt` is set, so approval is what lets a broadcast go out.
 *
 * Disabled while the document has validation errors, and when it is already approved and has no
 * changes since (approving again after an edit records the new approval).
 * Document actions: https://www.sanity.io/docs/studio/document-actions
 */
import {CheckmarkCircleIcon} from '@sanity/icons'
import {useEffect, useState} from 'react'
import {
  type DocumentActionComponent,
  type SanityDocument,
  useCurrentUser,
  useDocumentOperation,
  useValidationStatus,
} from 'sanity'

function approvedAtOf(document: SanityDocument | null): unknown {
  return document?.approvedAt
}

export const ApproveBroadcastAction: DocumentActionComponent = (props) => {
  const {id, type, draft, published} = props
  const {patch, publish} = useDocumentOperation(id, type)
  const validation = useValidationStatus(draft?._id ?? published?._id ?? id, type, true)
  const user = useCurrentUser()
  // The approval time written by this click, until the draft carrying it has been published.
  const [pending, setPending] = useState<{approvedAt: string; publishing: boolean} | null>(null)

  const hasErrors = validation.validation.some((marker) => marker.level === 'error')
  const alreadyApproved = draft === null && typeof approvedAtOf(published) === 'string' && published?.status === 'scheduled'

  useEffect(() => {
    if (pending === null) return
    // Done: the draft is gone and the published version carries this approval.
    if (draft === null && approvedAtOf(published) === pending.approvedAt) {
      setPending(null)
      return
    }
    // Publish once (publishing needs the patched draft to exist first).
    if (!pending.publishing && approvedAtOf(draft) === pending.approvedAt && !publish.disabled) {
      setPending({...pending, publishing: true})
      publish.execute()
    }
  }, [pending, draft, published, publish])

  return {
    label: pending ? 'Approving…' : 'Approve',
    icon: CheckmarkCircleIcon,
    tone: 'positive',
    disabled: pending !== null || validation.isValidating || hasErrors || alreadyApproved,
    title: hasErrors
      ? 'Fix the validation errors first'
      : alreadyApproved
        ? 'Approved, with no changes since'
        : 'Record your approval, set the status to Scheduled and publish',
    onHandle: () => {
      const approvedAt = new Date().toISOString()
      const approvedBy = user?.name || user?.email || user?.id || 'unknown'
      // Without a draft, the patch first creates one from the published version.
      patch.execute([{set: {approvedAt, approvedBy, status: 'scheduled'}}])
      setPending({approvedAt, publishing: false})
    },
  }
}

ApproveBroadcastAction.displayName = 'ApproveBroadcastAction'
