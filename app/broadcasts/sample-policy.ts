/**
 * Whether sample broadcasts and sequences (`isSample`, the shipped dataset's machine-drafted
 * messages) may be sent under this configuration. Only where no message can reach a real phone:
 * the local transport (dev phone) outside production. With Twilio configured, or in production,
 * they are never planned or enrolled, so importing the sample dataset into a real project (as the
 * README describes) cannot text real subscribers. Pure: the configuration is a parameter.
 */

/** Why samples are not sent here. */
export type SampleBlock = "twilio" | "production";

export type SamplePolicy = { send: true } | { send: false; because: SampleBlock };

/** The two facts that decide it, as app/env.server.ts derives them. */
export interface SamplePolicyEnv {
  messagingTransport: "twilio" | "local";
  isProduction: boolean;
}

export function samplePolicy(env: SamplePolicyEnv): SamplePolicy {
  // Twilio first: it is what reaches phones, in production or not (a staging site with Twilio too).
  if (env.messagingTransport === "twilio") return { send: false, because: "twilio" };
  if (env.isProduction) return { send: false, because: "production" };
  return { send: true };
}

/** For logs, the CLI and the staff page: why a sample is not sent here. */
export const SAMPLE_BLOCK_REASONS: Readonly<Record<SampleBlock, string>> = {
  twilio: "Twilio is configured, so messages would reach real phones",
  production: "NODE_ENV=production",
};

/** One line for people: what happens to sample content under this policy. */
export function describeSamplePolicy(policy: SamplePolicy): string {
  return policy.send
    ? "sent here only because this site uses the local transport (dev phone) outside production"
    : `not sent here: ${SAMPLE_BLOCK_REASONS[policy.because]}; samples go only to the dev phone of a development site`;
}
