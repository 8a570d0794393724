/**
 * A throwaway PostgreSQL cluster the test may stop and start at will (initdb + pg_ctl from the
 * server binaries, in a temporary directory, on a free loopback port). PostgreSQL refuses to run
 * as root, so when the tests run as root the cluster belongs to, and runs as, the `postgres` user.
 */
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { tempDir } from "./fault-kit";

const run = promisify(execFile);

/** The newest installed server's binaries (Debian layout), or PG_BIN_DIR. Null when absent. */
export function postgresBinDir(): string | null {
  if (process.env.PG_BIN_DIR) return existsSync(join(process.env.PG_BIN_DIR, "pg_ctl")) ? process.env.PG_BIN_DIR : null;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, "bin", "pg_ctl")) && existsSync(join(root, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  adminUrl: string;
  urlFor(database: string): string;
  /** `pg_ctl stop -m <mode>`: immediate is a crash (no checkpoint, sessions cut, recovery on start). */
  stop(mode: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  /** Stops it (if running) and deletes its directory. */
  destroy(): Promise<void>;
}

export async function startPostgresCluster(binDir: string): Promise<PostgresCluster> {
  const root = tempDir("faults-pgcluster-");
  const dataDir = join(root, "data");
  const socketDir = join(root, "socket");
  mkdirSync(socketDir);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
    const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
    chownSync(root, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(binDir, tool), ...args]) : run(join(binDir, tool), args);

  // --no-sync: initdb's own fsyncs only; the server itself keeps fsync on, so a crash loses nothing committed.
  await pg("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const logFile = join(root, "server.log");
  const start = async () => {
    try {
      await pg("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "30", "-o", options, "start"]);
    } catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2_000) : "";
      throw new Error(`pg_ctl start failed: ${(error as Error).message}\n${log}`, { cause: error });
    }
  };
  await start();
  let running = true;
  const base = `postgres://postgres@127.0.0.1:${port}`;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database) => `${base}/${database}`,
    async stop(mode) {
      await pg("pg_ctl", ["-D", dataDir, "-w", "-m", mode, "stop"]);
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await pg("pg_ctl", ["-D", dataDir, "-w", "-m", "immediate", "stop"]).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
