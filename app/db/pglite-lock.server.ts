/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it, and
 * PGlite itself does not notice (its `postmaster.pid` always says pid -42). So every process that
 * opens a PGlite directory through the bootstrap (app/bootstrap.server.ts) first takes this lock:
 * a file in the directory naming the holder (pid, host, command). A second process refuses with
 * a message naming the command that holds it.
 *
 * A holder that died without releasing (SIGKILL, power loss) leaves the file behind. It is taken
 * over when its process is gone: on this host, when the pid no longer exists (or is our own: a
 * container restarted as pid 1 again); from another host sharing the directory, whose pids we
 * cannot see, when it has not been refreshed for STALE_AFTER_MS (the holder touches it every
 * HEARTBEAT_MS).
 */
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { z } from "zod";

/** The lock file's name inside the data directory (PostgreSQL ignores unknown files there). */
export const PGLITE_LOCK_FILE = "protect-campaigns.lock";
const HEARTBEAT_MS = 10_000;
const STALE_AFTER_MS = 60_000;

const holderSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  command: z.string(),
  since: z.string(),
});

/** Who holds a data directory, as written in its lock file. */
export type PgliteLockHolder = z.infer<typeof holderSchema>;

/** Thrown when another live process holds the directory; `message` says which and what to do. */
export class PgliteDirectoryHeldError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: PgliteLockHolder | null,
  ) {
    const who = holder
      ? `\`${holder.command}\` (pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`}, since ${holder.since})`
      : "another process";
    super(
      `The PGlite data directory ${dataDir} is in use by ${who}.\n` +
        `PGlite is a single-process database: a second process on the same directory would corrupt it.\n` +
        `Stop that process first, or use PostgreSQL (DATABASE_URL) to run several processes at once.\n` +
        `(If that process is certainly gone, delete ${path.join(dataDir, PGLITE_LOCK_FILE)}.)`,
    );
    this.name = "PgliteDirectoryHeldError";
  }
}

export interface PgliteLock {
  readonly file: string;
  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): void;
}

function readHolder(file: string): PgliteLockHolder | null {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isStale(file: string, holder: PgliteLockHolder | null, now: number): boolean {
  if (holder && holder.host === hostname()) return holder.pid === process.pid || !processExists(holder.pid);
  // Another host, or a file we cannot read (a holder killed while writing it): only its age tells.
  try {
    return now - statSync(file).mtimeMs > STALE_AFTER_MS;
  } catch {
    return true;
  }
}

/** Creates the file only if there is none (O_EXCL), so two processes starting together cannot both win. */
function tryCreate(file: string, holder: PgliteLockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the data directory for this process (creating the directory if needed), or throws
 * PgliteDirectoryHeldError. `command` is how operators know the holder: "npm start", "npm run job".
 */
export function lockPgliteDirectory(dataDir: string, command: string, now: () => number = Date.now): PgliteLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, PGLITE_LOCK_FILE);
  const holder: PgliteLockHolder = { pid: process.pid, host: hostname(), command, since: new Date(now()).toISOString() };
  if (!tryCreate(file, holder)) {
    const current = readHolder(file);
    if (!isStale(file, current, now())) throw new PgliteDirectoryHeldError(dataDir, current);
    try {
      unlinkSync(file);
    } catch {
      // Another process removed it first; the exclusive create below decides between us.
    }
    if (!tryCreate(file, holder)) throw new PgliteDirectoryHeldError(dataDir, readHolder(file));
  }

  const heartbeat = setInterval(() => {
    try {
      const at = new Date(now());
      utimesSync(file, at, at);
    } catch {
      // The directory went away (a test removing it); nothing left to guard.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    process.off("exit", release);
    const current = readHolder(file);
    if (current && current.pid === holder.pid && current.host === holder.host && current.since === holder.since) {
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
    }
  };
  // Any exit that skips the shutdown path (process.exit in a refusal, an uncaught error) still releases.
  process.on("exit", release);
  return { file, release };
}
