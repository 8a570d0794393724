/**
 * One msw server for every faked provider; each provider's handlers live in their own file.
 * Tests override per case with `mockServer.use(...)`; handlers reset after each test.
 */
import { setupServer } from "msw/node";
import { sanityHandlers } from "./sanity";

export const mockServer = setupServer(...sanityHandlers);
