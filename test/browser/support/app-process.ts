import { once } from "node:events";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const projectRoot = path.resolve(import.meta.dirname, "../../..");

export interface RunningApp {
  /** http://127.0.0.1:PORT of the site, on the free port the OS chose. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The app as a person runs it (`app/site/main.ts`, through tsx so no build is needed), on free loopback
 * ports and with its own empty DATA_DIR, so a run never meets another run's users.
 */
export async function startApp(): Promise<RunningApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "grapevine-browser-"));
  const child = spawn(process.execPath, ["--import", "tsx", "app/site/main.ts"], {
    cwd: projectRoot,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", METRICS_PORT: "0", DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("the app did not start within 30 s")), 30_000);
    let buffered = "";
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${error.message}\n${output}`));
    };
    child.once("exit", (code) => fail(new Error(`the app exited with code ${code} before listening`)));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        // main.ts logs one JSON line with the URLs it listens on once both listeners are up.
        const siteUrl = parseSiteUrl(line);
        if (siteUrl) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          resolve(siteUrl);
        }
      }
    });
  });

  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function parseSiteUrl(line: string): string | undefined {
  try {
    const parsed = JSON.parse(line) as { siteUrl?: unknown };
    return typeof parsed.siteUrl === "string" ? parsed.siteUrl : undefined;
  } catch {
    return undefined;
  }
}
