// End-to-end test of the console in headless Chromium, against the real API process serving the
// built console on one port (embedded SQLite, a small demo). Each demo user logs in, reads the
// segments of both demo environments, and sees the Refresh button only when their role allows it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, SEGMENT_TYPE_LABELS, type SegmentType } from '@outport/core';
import { DEMO_USERS, demoEnvironments, type DemoUser } from '@outport/demo-data';

const run = promisify(execFile);

const here = dirname(fileURLToPath(import.meta.url));
const consoleRoot = resolve(here, '..');
const repoRoot = resolve(consoleRoot, '..', '..');
const apiDist = join(repoRoot, 'apps', 'api', 'dist');
const consoleBuild = join(consoleRoot, 'build');
const screenshots = join(consoleRoot, 'test-results');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH. The console's browser test must run in CI.`);
}

const DEMO_SCALE = 0.05;
const [CONSUMER, INDUSTRIAL] = demoEnvironments({ scale: DEMO_SCALE });
if (!CONSUMER || !INDUSTRIAL) throw new Error('the demo data should define two environments');

interface ApiSegment {
  id: string;
  name: string;
  type: SegmentType;
  memberCount: number;
  refreshStatus: string;
}

const thousands = new Intl.NumberFormat('en-US');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

describe.skipIf(!haveChromium)('console in a browser', () => {
  let dataDir: string;
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let browser: Browser | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    for (const file of [join(apiDist, 'cli.js'), join(apiDist, 'main.js'), join(consoleBuild, '200.html')]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: build the API and the console first (npm run build).`);
    }
    mkdirSync(screenshots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'outport-console-e2e-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OUTPORT_DATA_DIR: dataDir,
      PORT: String(port),
      OUTPORT_DEMO_SCALE: String(DEMO_SCALE),
      OUTPORT_CONSOLE_DIR: consoleBuild,
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;

    const cli = join(apiDist, 'cli.js');
    await run(process.execPath, [cli, 'migrate'], { env, cwd: repoRoot });
    const demo = await run(process.execPath, [cli, 'demo'], { env, cwd: repoRoot });
    expect(demo.stdout).toContain(DEMO_USERS[0]?.email);

    server = spawn(process.execPath, [join(apiDist, 'main.js')], { env, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the API exited with code ${server.exitCode}:\n${serverOutput}`);
      try {
        const response = await fetch(`${baseUrl}/api/v1/health`);
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the API did not become healthy within 60 s:\n${serverOutput}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** What Chromium refused under the Content-Security-Policy the API sends, on any page of any test. */
  const cspViolations: string[] = [];

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
    });
    page.setDefaultTimeout(15_000);
    return { context, page };
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  }

  async function logIn(page: Page, user: DemoUser): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/e\/[^/]+\/segments$/);
  }

  /** The segments of an environment as this browser's session sees them through the API. */
  async function apiSegments(context: BrowserContext, env: string): Promise<ApiSegment[]> {
    const response = await context.request.get(`/api/v1/environments/${env}/segments?limit=200`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { items: ApiSegment[] }).items;
  }

  function segmentRow(page: Page, name: string) {
    return page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
  }

  /** Every demo segment is listed with its member count, formatted with thousands separators. */
  async function expectSegments(page: Page, context: BrowserContext, env: { slug: string; segments: { name: string }[] }): Promise<ApiSegment[]> {
    const segments = await apiSegments(context, env.slug);
    expect(segments.map((s) => s.name).sort()).toEqual(env.segments.map((s) => s.name).sort());
    for (const segment of segments) {
      const row = segmentRow(page, segment.name);
      await expect.poll(() => row.count(), { message: `row for ${segment.name}` }).toBe(1);
      const cells = await row.locator('td').allInnerTexts();
      expect(cells, `member count of ${segment.name}`).toContain(thousands.format(segment.memberCount));
      expect(cells).toContain(SEGMENT_TYPE_LABELS[segment.type]);
    }
    return segments;
  }

  it('refuses a wrong password with a readable message and stays on the login page', async () => {
    const { context, page } = await newPage();
    try {
      const user = DEMO_USERS[0]!;
      await page.goto('/');
      await page.waitForURL(/\/login$/);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(`${user.password}-wrong`);
      await page.getByRole('button', { name: 'Log in' }).click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.count()).toBe(1);
      const message = (await alert.innerText()).trim();
      expect(message.length).toBeGreaterThan(10);
      expect(message).not.toMatch(/\{|\}|undefined|\[object/);
      expect(message.toLowerCase()).toMatch(/password|credentials|email/);
      expect(new URL(page.url()).pathname).toBe('/login');
      await shot(page, 'login-error');
    } finally {
      await context.close();
    }
  });

  for (const user of DEMO_USERS) {
    it(`${user.role}: logs in, reads segments in both environments, Refresh only when allowed`, async () => {
      const { context, page } = await newPage();
      try {
        await page.goto('/login');
        await shot(page, 'login');
        await logIn(page, user);

        // The shell: product name, navigation, the user and their role.
        await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()).toEqual([
          'Exports',
          'Connections',
          'Segments',
          'Tables',
          'System',
          'Users',
        ]);
        const header = page.getByRole('banner');
        expect(await header.innerText()).toContain('Outport');
        expect(await header.innerText()).toContain(user.name);
        expect(await header.innerText()).toMatch(new RegExp(user.role, 'i'));
        const options = await page.locator('#environment option').allInnerTexts();
        expect(options).toEqual(expect.arrayContaining([expect.stringContaining(CONSUMER.name), expect.stringContaining(INDUSTRIAL.name)]));
        expect(options.join(' ')).toContain('Individuals');
        expect(options.join(' ')).toContain('Business');

        // Segments of the consumer brand.
        await page.locator('#environment').selectOption(CONSUMER.slug);
        await page.waitForURL(`**/e/${CONSUMER.slug}/segments`);
        const segments = await expectSegments(page, context, CONSUMER);
        const mayRefresh = can({ userId: null, role: user.role }, 'segments.refresh');
        const refreshButtons = page.getByRole('button', { name: /^Refresh / });
        if (mayRefresh) expect(await refreshButtons.count()).toBe(segments.length);
        else expect(await refreshButtons.count()).toBe(0);
        await shot(page, `segments-${CONSUMER.slug}-${user.role}`);

        if (mayRefresh) {
          // Hold the refresh request a moment so the in-flight state can be seen.
          const target = segments[0]!;
          await page.route('**/refresh', async (route) => {
            await new Promise((r) => setTimeout(r, 700));
            await route.continue();
          });
          const row = segmentRow(page, target.name);
          await row.getByRole('button', { name: `Refresh ${target.name}` }).click();
          await expect.poll(() => row.getByRole('button', { name: `Refresh ${target.name}` }).innerText()).toBe('Refreshing…');
          await expect.poll(() => row.getByRole('button', { name: `Refresh ${target.name}` }).innerText()).toBe('Refresh');
          const cells = await row.locator('td').allInnerTexts();
          expect(cells.join(' ')).toContain('Up to date');
          expect(cells.join(' ')).toMatch(/just now|second|minute/);
          expect(cells).toContain(thousands.format(target.memberCount));
          await page.unroute('**/refresh');
        }

        // Search and sort go through the API.
        const search = page.getByLabel('Search segments');
        const first = segments[0]!;
        await search.fill(first.name);
        await page.waitForURL(/\?q=/);
        await expect.poll(() => page.locator('tbody tr[data-row]').count()).toBeGreaterThanOrEqual(1);
        for (const text of await page.locator('tbody tr[data-row]').allInnerTexts()) expect(text.toLowerCase()).toContain(first.name.toLowerCase());
        await page.getByRole('button', { name: 'Clear search' }).click();
        await page.waitForURL(`**/e/${CONSUMER.slug}/segments`);
        await page.getByRole('button', { name: /^Members/ }).click();
        await page.waitForURL(/sort=memberCount&order=desc/);
        const largest = [...segments].sort((a, b) => b.memberCount - a.memberCount)[0]!;
        await expect.poll(() => page.locator('tbody tr[data-row]').first().innerText()).toContain(largest.name);

        // Switch to the business environment: account and contact segments.
        await page.locator('#environment').selectOption(INDUSTRIAL.slug);
        await page.waitForURL(`**/e/${INDUSTRIAL.slug}/segments`);
        const business = await expectSegments(page, context, INDUSTRIAL);
        expect(new Set(business.map((s) => s.type))).toEqual(new Set(['account', 'contact']));
        expect(await page.getByRole('button', { name: /^Refresh / }).count()).toBe(mayRefresh ? business.length : 0);
        await shot(page, `segments-${INDUSTRIAL.slug}-${user.role}`);

        if (user.role === 'admin') {
          // Tables: listed with record counts; a row expands to its columns.
          await page.getByRole('link', { name: 'Tables' }).click();
          await page.waitForURL(`**/e/${INDUSTRIAL.slug}/tables`);
          for (const table of INDUSTRIAL.tables) {
            await expect.poll(() => page.getByRole('row').filter({ has: page.getByText(table.name, { exact: true }) }).count()).toBeGreaterThanOrEqual(1);
          }
          const contact = INDUSTRIAL.tables.find((t) => t.name === 'Contact')!;
          await page.getByRole('row').filter({ has: page.getByText('Contact', { exact: true }) }).first().click();
          const columns = page.getByRole('table', { name: 'Columns of Contact' });
          await expect.poll(() => columns.locator('tbody tr').count()).toBe(contact.columns.length);
          await shot(page, 'tables-expanded');

          for (const section of ['Connections', 'System', 'Users']) {
            await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: section }).click();
            await page.waitForURL(`**/e/${INDUSTRIAL.slug}/${section.toLowerCase()}`);
            await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(section);
            expect(await page.getByText('Coming soon').count()).toBe(1);
          }
          await shot(page, 'placeholder-users');
        }

        // Log out: back to the login page, and the app is closed again.
        await page.getByRole('button', { name: 'Log out' }).click();
        await page.waitForURL(/\/login$/);
        await page.goto(`/e/${CONSUMER.slug}/segments`);
        await page.waitForURL(/\/login$/);
      } finally {
        await context.close();
      }
    });
  }

  it('exports: an admin runs one and follows its progress details; a viewer only views', async () => {
    const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
    const viewer = DEMO_USERS.find((u) => u.role === 'viewer')!;
    const { context, page } = await newPage();
    try {
      await logIn(page, admin);
      // Set up through the API, as an integrator would: a local data lake and a data-out export.
      const base = `/api/v1/environments/${CONSUMER.slug}`;
      // Local folders must lie under the export root, by default `exports` in the data folder.
      mkdirSync(join(dataDir, 'exports', 'lake'), { recursive: true });
      // Same-origin, as the console's own requests are: the API refuses cookie-authenticated changes from elsewhere.
      const headers = { origin: baseUrl };
      const connection = await context.request.post(`${base}/connections`, {
        headers,
        data: { name: 'Local lake', connectorId: 'data-lake', settings: { destination: 'local', rootPath: 'lake' }, secrets: {} },
      });
      expect(connection.status()).toBe(201);
      const exp = await context.request.post(`${base}/exports`, {
        headers,
        data: { name: 'Customers to the lake', type: 'data-out', connectionId: ((await connection.json()) as { id: string }).id, tableIds: ['Customer'] },
      });
      expect(exp.status()).toBe(201);
      const customers = CONSUMER.tables.find((t) => t.name === 'Customer')!;

      await page.locator('#environment').selectOption(CONSUMER.slug);
      await page.waitForURL(`**/e/${CONSUMER.slug}/segments`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exports' }).click();
      await page.waitForURL(`**/e/${CONSUMER.slug}/exports`);
      const row = page.getByRole('row').filter({ has: page.getByText('Customers to the lake', { exact: true }) });
      await expect.poll(() => row.locator('td').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Never run'), 'Edit']));
      expect((await row.locator('td').allInnerTexts()).join(' ')).toContain('Local lake');

      const runButton = row.getByRole('button', { name: 'Run Customers to the lake' });
      await runButton.click();
      const progress = page.getByRole('region', { name: 'Progress details' });
      const customerTask = progress.locator('tr[data-task="table"]');
      await expect.poll(() => customerTask.innerText(), { timeout: 30_000 }).toContain('Succeeded');
      const cells = await customerTask.locator('td').allInnerTexts();
      expect(cells[0]).toContain('Customer');
      // Sent, Added (a file target keeps nothing between runs: every row is new), Updated, Removed, Accepted.
      expect(cells.slice(2, 7)).toEqual([thousands.format(customers.rowCount), thousands.format(customers.rowCount), '0', '0', thousands.format(customers.rowCount)]);
      // The list follows: the status, and the last refresh once the run has ended.
      await expect.poll(() => row.locator('td').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Succeeded'), 'just now']));
      expect(await progress.getByRole('tab').count()).toBe(1);
      expect(await runButton.isEnabled()).toBe(true);
      await shot(page, 'exports-progress-admin');

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(/\/login$/);
      await logIn(page, viewer);
      await page.goto(`/e/${CONSUMER.slug}/exports`);
      const seen = page.getByRole('row').filter({ has: page.getByText('Customers to the lake', { exact: true }) });
      await expect.poll(() => seen.locator('td').allInnerTexts()).toEqual(expect.arrayContaining(['View']));
      expect(await page.getByRole('button', { name: /^Run / }).count()).toBe(0);
      await seen.click();
      await expect.poll(() => page.getByRole('region', { name: 'Progress details' }).locator('tr[data-task="table"]').innerText()).toContain('Succeeded');
      expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
      await shot(page, 'exports-progress-viewer');
    } finally {
      await context.close();
    }
  });

  it('runs under the Content-Security-Policy the API sends, without a single violation', async () => {
    const { context, page } = await newPage();
    try {
      const response = await page.goto('/login');
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await logIn(page, DEMO_USERS[0]!);
      await page.goto('/api/docs');
      await page.waitForSelector('.swagger-ui', { timeout: 15_000 });
    } finally {
      await context.close();
    }
    expect(cspViolations).toEqual([]);
  });
});
