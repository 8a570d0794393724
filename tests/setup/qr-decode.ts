/** Reads a QR code in an SVG the way a phone would see it: rasterised (resvg), then decoded (jsqr). */
import { Resvg } from "@resvg/resvg-js";
import jsQR from "jsqr";

/** The text of the QR code in `svg`, or null when none can be read. */
export function decodeQrSvg(svg: string): string | null {
  // In HTML the parser supplies the namespace; a standalone SVG needs it.
  const standalone = svg.includes("xmlns=") ? svg : svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ');
  const image = new Resvg(standalone, { fitTo: { mode: "width", value: 400 }, font: { loadSystemFonts: false } }).render();
  return (
    jsQR(new Uint8ClampedArray(image.pixels.buffer, image.pixels.byteOffset, image.pixels.length), image.width, image.height)?.data ?? null
  );
}
