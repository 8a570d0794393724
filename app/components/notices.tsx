/** Notices a reader must not miss: sample numbers that reach nobody, an unreviewed translation. */
import { useLocale } from "./locale-context";

export function SampleContentNotice() {
  const { strings } = useLocale();
  return (
    <p className="notice" role="note" data-notice="sample-content">
      {strings.sampleNotice}
    </p>
  );
}

export function MachineDraftedNotice() {
  const { strings } = useLocale();
  return (
    <p className="notice" role="note" data-notice="machine-drafted">
      {strings.machineDraftedNotice}
    </p>
  );
}
