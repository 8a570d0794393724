import { fileURLToPath } from "node:url";

/** Scratch space for one test run (ignored by git). */
export const TEST_TMP_DIR = fileURLToPath(new URL("../.tmp/", import.meta.url));
export const PGLITE_SNAPSHOT_PATH = `${TEST_TMP_DIR}pglite-migrated.tar.gz`;
