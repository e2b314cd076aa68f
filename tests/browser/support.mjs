// Starts the real server binary on a free port with a fresh SQLite file and demo data, and a real
// headless Chromium (Debian's) through playwright-core. Every request the page makes is recorded.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');
export const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

const binary = join(root, 'target/debug/solidarity-map');

export async function startServer({ demoCount = 300, env: extra = {}, admin = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sm-browser-'));
  const env = { ...process.env, DATABASE_URL: `sqlite://${dir}/map.sqlite3`, STATIC_DIR: join(root, 'web/dist'), RUST_LOG: 'info', ...extra };
  execFileSync(binary, ['seed-demo', '--count', String(demoCount)], { env, stdio: 'ignore' });
  if (admin) {
    // As an operator would: the password on standard input, never on the command line.
    execFileSync(binary, ['create-admin', '--email', admin.email], { env, input: `${admin.password}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  }
  const server = spawn(binary, ['serve', '--bind', '127.0.0.1:0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const origin = await new Promise((resolvePort, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 20000);
    server.stderr.on('data', (chunk) => {
      log += chunk;
      const match = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolvePort(match[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
  return { origin, stop: () => server.kill('SIGTERM') };
}

export async function startBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'sm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return context;
}

/// Records every URL a page requests; requests to any other origin are refused (the machines
/// have no internet) but still recorded, so a test can assert there were none.
export async function recordRequests(context, origin) {
  const requests = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith(origin) || url.startsWith('data:') ? route.continue() : route.abort();
  });
  return requests;
}
