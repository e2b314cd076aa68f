// Starts the real server binary on a free port with a fresh SQLite file and demo data, and a real
// headless Chromium (Debian's) through playwright-core. Every request the page makes is recorded.
import { spawn, execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');
export const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

const binary = join(root, 'target/debug/solidarity-map');

/// `prepare(databasePath)` runs after the demo data is seeded and before the server starts (to
/// change rows as time passing would).
export async function startServer({ demoCount = 300, env: extra = {}, admin = null, moderator = null, prepare = null, submissions = 0 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sm-browser-'));
  // A data key of its own for each server (issue #20), as an operator's would be.
  const env = { ...process.env, DATABASE_URL: `sqlite://${dir}/map.sqlite3`, DATA_KEY: randomBytes(32).toString('hex'), STATIC_DIR: join(root, 'web/dist'), RUST_LOG: 'info', ...extra };
  execFileSync(binary, ['seed-demo', '--count', String(demoCount)], { env, stdio: 'ignore' });
  if (admin) {
    // As an operator would: the password on standard input, never on the command line.
    execFileSync(binary, ['create-admin', '--email', admin.email], { env, input: `${admin.password}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  }
  if (moderator) {
    execFileSync(binary, ['create-admin', '--email', moderator.email, '--role', 'moderator'], { env, input: `${moderator.password}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  }
  // Pending submissions, half of them obvious spam (`seed-submissions`), for moderation at scale.
  if (submissions) execFileSync(binary, ['seed-submissions', '--count', String(submissions)], { env, stdio: 'ignore' });
  if (prepare) prepare(`${dir}/map.sqlite3`);
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

/// A minimal SMTP server that keeps every message it is given (the server's outbox sender talks
/// to it through SMTP_URL), so a test can read the links an e-mail carries.
export async function startSmtpSink() {
  const messages = [];
  const sink = net.createServer((socket) => {
    socket.write('220 sink ESMTP\r\n');
    let buffer = '';
    let inData = false;
    let current = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(current);
            current = '';
            socket.write('250 OK\r\n');
          } else {
            current += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') { inData = true; socket.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { socket.write('221 bye\r\n'); socket.end(); }
        else socket.write('250 OK\r\n');
      }
    });
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${sink.address().port}`, messages, stop: () => sink.close() };
}

/// A message's text body, whatever transfer encoding the sender chose.
export function messageBody(raw) {
  const [head, ...rest] = raw.replace(/\r\n/g, '\n').split('\n\n');
  const body = rest.join('\n\n');
  // Our e-mails are multipart/alternative (plain text and HTML): read the plain-text part.
  const boundary = head.match(/boundary="?([^";\n]+)"?/i)?.[1];
  if (boundary) {
    const parts = body.split(`--${boundary}`).map((part) => part.replace(/^\n/, ''));
    const plain = parts.find((part) => /content-type:\s*text\/plain/i.test(part.split('\n\n')[0]));
    return plain ? messageBody(plain) : body;
  }
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    return Buffer.from(body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
  return body;
}

/// RFC 6238 (SHA-1, 6 digits, 30 s), as an authenticator app computes it from the base32 key.
export function totp(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}


const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

/// axe-core's WCAG 2.2 A/AA violations on the page, one line each (rule: elements). Evaluated
/// through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
export async function axeViolations(page, { nodesPerRule = Infinity } = {}) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_TAGS);
  return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, nodesPerRule).map((n) => n.target.join(' ')).join(', ')}`);
}

/// No axe violation, and nothing scrolls sideways (WCAG 1.4.10 reflow, which axe cannot see).
export async function assertAccessible(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, `${what} scrolls sideways`);
}

/// Waits until the app has taken over the server's page (web/src/take_over.rs): from then on
/// only the app's elements are on the page. Pages without the app (the 404 page) pass at once.
export async function appShown(page) {
  await page.waitForFunction(
    () => !document.querySelector('script[type=module]') || (!document.getElementById('server-page') && document.getElementById('app')),
    null,
    { timeout: 30_000 },
  );
}
