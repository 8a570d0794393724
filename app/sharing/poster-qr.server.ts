/**
 * The QR code of a poster as SVG path data (qrcode package, error correction M: still reads with
 * a fold or a smudge). Made on the server so the poster page ships no QR library; the component
 * draws the path, so a volunteer's poster only changes the URL.
 */
import QRCode from "qrcode";

export interface PosterQr {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** The dark modules as rectangles, in module units, offset by the quiet zone. */
  path: string;
  /** What the code holds. */
  url: string;
}

/** The quiet zone scanners need around the code, in modules (ISO/IEC 18004: 4). */
export const QR_QUIET_ZONE = 4;

export function posterQr(url: string): PosterQr {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
  const parts: string[] = [];
  // One rectangle per horizontal run of dark modules: a third of the bytes of one per module.
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size;) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < modules.size && modules.get(y, x + run)) run++;
      parts.push(`M${x + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${run}v1h-${run}z`);
      x += run;
    }
  }
  return { size: modules.size, path: parts.join(""), url };
}
