/**
 * One msw server for every faked provider; each provider's handlers live in their own file.
 * Tests override per case with `mockServer.use(...)`; handlers reset after each test.
 */
import { http, passthrough } from "msw";
import { setupServer } from "msw/node";
import { posthogHandlers } from "./posthog";
import { sanityHandlers } from "./sanity";
import { twilioHandlers } from "./twilio";

/** Servers the tests start themselves on the loopback interface are real: let those requests through. */
const loopbackServers = http.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\//, () => passthrough());

export const mockServer = setupServer(loopbackServers, ...sanityHandlers, ...twilioHandlers, ...posthogHandlers);
