/** The Open Graph image size every network shows large (1.91:1), in client-safe code. */
export const SHARE_IMAGE_SIZE = Object.freeze({ width: 1200, height: 630 });
