/**
 * Runs before every test file: msw fakes every external HTTP API at the network edge (an unfaked
 * call fails the test), and an unexpected console.error fails the test.
 */
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { mockServer } from "../mocks/server";

beforeAll(() => mockServer.listen({ onUnhandledRequest: "error" }));
afterEach(() => mockServer.resetHandlers());
afterAll(() => mockServer.close());

const consoleError = vi.spyOn(console, "error");
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockClear();
  if (calls.length > 0) {
    throw new Error(`console.error was called:\n${calls.map((c) => c.map(String).join(" ")).join("\n")}`);
  }
});
