/**
 * `npm run staff -- <command>`: staff users from a shell, audited with the actor "cli".
 *   add <email> --role <role> [--name <display name>] [--password-stdin]
 *       adds the user and prints a one-time set-password link (24 hours), or with
 *       --password-stdin sets the password read from standard input (automation)
 *   list                       every user: email, role, password set, second factor, disabled
 *   disable <email> | enable <email>
 *   role <email> <role>
 *   link <email>               a new set-password link (a forgotten password, an expired link)
 *   reset-2fa <email>          removes a lost second factor and ends the user's sessions (also
 *                              the way out for the only admin, who cannot reset their own on the page)
 */
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { isStaffRole, STAFF_ROLES } from "./roles";
import { resetSecondFactor } from "./second-factor.server";
import {
  addStaffUser,
  createPasswordLink,
  findStaffUserByEmail,
  listStaffUsers,
  setPasswordDirectly,
  setStaffUserDisabled,
  setStaffUserRole,
  StaffUserError,
} from "./staff-users.server";

export const STAFF_USAGE = `Usage: npm run staff -- <command>
  add <email> --role <${STAFF_ROLES.join("|")}> [--name <display name>] [--password-stdin]
  list
  disable <email>
  enable <email>
  role <email> <${STAFF_ROLES.join("|")}>
  link <email>
  reset-2fa <email>`;

const CLI = { userId: null, label: "cli" } as const;

export interface StaffCommandDeps {
  db: Database;
  env: Pick<Env, "PUBLIC_BASE_URL">;
  now: () => Date;
  /** Standard input, read whole (for --password-stdin). */
  readStdin: () => Promise<string>;
}

export interface StaffCommandResult {
  exitCode: number;
  /** Lines for standard output (a link is a secret for its reader: printed, never logged). */
  lines: string[];
}

const PROBLEM_TEXT = {
  "too-short": "the password is shorter than 12 characters",
  "too-long": "the password is longer than 200 characters",
  "too-common": "the password is too common or too simple",
  "is-email": "the password is the email address",
} as const;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

export async function runStaffCommand(args: readonly string[], deps: StaffCommandDeps): Promise<StaffCommandResult> {
  const [command, ...rest] = args;
  const usage = (why?: string): StaffCommandResult => ({ exitCode: 2, lines: [...(why ? [why] : []), STAFF_USAGE] });
  try {
    switch (command) {
      case "add": {
        const email = rest[0];
        const role = option(rest, "--role");
        if (!email || email.startsWith("--")) return usage("add: which email?");
        if (!isStaffRole(role)) return usage(`add: --role must be one of ${STAFF_ROLES.join(", ")}`);
        const user = await addStaffUser(deps.db, { email, role, displayName: option(rest, "--name") }, CLI, deps.now());
        if (rest.includes("--password-stdin")) {
          // One line: the password, without the newline a shell adds.
          const password = (await deps.readStdin()).replace(/\r?\n$/, "");
          const set = await setPasswordDirectly(deps.db, user.email, password, CLI, deps.now());
          if (!set.ok)
            return { exitCode: 1, lines: [`Added ${user.email} (${user.role}) without a password: ${PROBLEM_TEXT[set.problem]}.`] };
          return { exitCode: 0, lines: [`Added ${user.email} (${user.role}) with the password from standard input.`] };
        }
        const link = await createPasswordLink(deps.db, user.id, deps.now());
        return {
          exitCode: 0,
          lines: [
            `Added ${user.email} (${user.role}).`,
            `Give them this link to set a password (valid 24 hours, once):`,
            `${deps.env.PUBLIC_BASE_URL}${link}`,
          ],
        };
      }
      case "list": {
        const users = await listStaffUsers(deps.db);
        if (users.length === 0) return { exitCode: 0, lines: ["No staff users."] };
        return {
          exitCode: 0,
          lines: users.map((user) =>
            [
              user.email,
              user.role,
              user.passwordHash ? "password set" : "no password yet",
              user.totpSecretEncrypted ? "second factor" : "no second factor",
              user.disabledAt ? `disabled ${user.disabledAt.toISOString()}` : "active",
            ].join("\t"),
          ),
        };
      }
      case "disable":
      case "enable": {
        const email = rest[0];
        if (!email) return usage(`${command}: which email?`);
        const user = await setStaffUserDisabled(deps.db, email, command === "disable", CLI, deps.now());
        return { exitCode: 0, lines: [`${user.email} is ${command === "disable" ? "disabled (signed out everywhere)" : "enabled"}.`] };
      }
      case "role": {
        const [email, role] = rest;
        if (!email) return usage("role: which email?");
        if (!isStaffRole(role)) return usage(`role: the role must be one of ${STAFF_ROLES.join(", ")}`);
        const user = await setStaffUserRole(deps.db, email, role, CLI, deps.now());
        return { exitCode: 0, lines: [`${user.email} is now ${user.role}.`] };
      }
      case "link": {
        const email = rest[0];
        if (!email) return usage("link: which email?");
        const user = await findStaffUserByEmail(deps.db, email);
        if (!user) return { exitCode: 1, lines: ["No staff user has that email."] };
        const link = await createPasswordLink(deps.db, user.id, deps.now(), CLI);
        return {
          exitCode: 0,
          lines: [`Set-password link for ${user.email} (valid 24 hours, once):`, `${deps.env.PUBLIC_BASE_URL}${link}`],
        };
      }
      case "reset-2fa": {
        const email = rest[0];
        if (!email) return usage("reset-2fa: which email?");
        const user = await resetSecondFactor(deps.db, email, CLI, deps.now());
        return {
          exitCode: 0,
          lines: [
            `The second factor of ${user.email} is reset and they are signed out everywhere.`,
            "They sign in with their password alone and set up a new second factor on /staff/account.",
          ],
        };
      }
      default:
        return usage(command ? `Unknown command: ${command}` : undefined);
    }
  } catch (error) {
    if (error instanceof StaffUserError) return { exitCode: 1, lines: [error.message] };
    throw error;
  }
}
