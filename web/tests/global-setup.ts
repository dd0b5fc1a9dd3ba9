// Starts the server every browser test shares (tests/server.ts) and hands its URL to the tests in
// KIKAN_UI_URL. Stops it (SIGTERM, graceful) at the end.
import { startServer } from "./server";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer();
  process.env.KIKAN_UI_URL = server.url;
  return server.stop;
}
