// Starts `kikan serve --demo` on port 0 with a fresh SQLite database and the built UI, and reads
// the URL it prints. Used by the global setup (the server every browser test shares) and by the
// contract test (a server of its own, whose state it may change freely).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const root = resolve(web, "..");

export interface Server {
  url: string;
  stop: () => Promise<void>;
}

export async function startServer(): Promise<Server> {
  const bin = process.env.KIKAN_BIN ? resolve(process.env.KIKAN_BIN) : join(root, "build", "kikan");
  if (!existsSync(bin)) throw new Error(`kikan binary not found at ${bin} (build it, or set KIKAN_BIN)`);
  if (!existsSync(join(web, "dist", "index.html"))) throw new Error("web/dist is not built (npm run build in web/)");
  const dir = mkdtempSync(join(tmpdir(), "kikan-ui-"));
  const child = spawn(
    bin,
    ["serve", "--demo", "--db", `sqlite:${join(dir, "ui.db")}`, "--port", "0", "--web", join(web, "dist"), "--insecure-fast-password-hashing", "--checkpoint-interval", "2"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise<string>((ok, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) ok(m[1].replace(/\/$/, ""));
    });
    child.on("exit", (code) => fail(new Error(`kikan serve exited with ${code} before listening:\n${stderr}`)));
  });
  return {
    url,
    stop: async () => {
      const done = new Promise((ok) => child.on("exit", ok));
      child.kill("SIGTERM");
      await done;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
