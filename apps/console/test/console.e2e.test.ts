// End-to-end test of the console in headless Chromium, against the real API process serving the
// built console on one port: embedded SQLite, a small demo whose connections point at the
// connectors' sandboxes (OUTPORT_DEMO_SANDBOXES=true, as `npm start` sets it). The demo users do
// what people do: an admin adds a connection and shares it, a contributor sets up an export on it
// and runs it, a viewer only looks; bulk schedules, detach and re-attach, remove. Every page is
// checked with axe-core (no moderate, serious or critical violation) at 1280×720, without horizontal
// scrolling, and under the API's Content-Security-Policy.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailchimpSandbox, type MailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { DEMO_USERS, demoEnvironments, type DemoUser } from '@outport/demo-data';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

const here = dirname(fileURLToPath(import.meta.url));
const consoleRoot = resolve(here, '..');
const repoRoot = resolve(consoleRoot, '..', '..');
const apiDist = join(repoRoot, 'apps', 'api', 'dist');
const consoleBuild = join(consoleRoot, 'build');
const screenshots = join(consoleRoot, 'test-results');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH. The console's browser test must run in CI.`);
}

const DEMO_SCALE = 0.05;
const [CONSUMER, INDUSTRIAL] = demoEnvironments({ scale: DEMO_SCALE });
if (!CONSUMER || !INDUSTRIAL) throw new Error('the demo data should define two environments');
const user = (role: DemoUser['role']) => DEMO_USERS.find((u) => u.role === role)!;

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
  /** A slow Mailchimp, so a run lasts long enough to be cancelled from the page. */
  let slow: MailchimpSandbox | undefined;
  /** A Mailchimp that refuses a few addresses, so a run has rejected records to download. */
  let refusing: MailchimpSandbox | undefined;
  /** The people it refuses: two French newsletter subscribers. */
  const refused = [...CONSUMER.tables.find((t) => t.name === 'Customer')!.rows()]
    .filter((r) => r.country === 'FR' && r.emailOptIn === true)
    .slice(0, 2)
    .map((r) => ({ email: String(r.email), key: String(r.customerId) }));
  /** A loopback webhook receiver for alert channels: what Outport POSTed to it, with the headers. */
  let receiver: Server | undefined;
  let receiverUrl = '';
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    for (const file of [join(apiDist, 'cli.js'), join(apiDist, 'main.js'), join(consoleBuild, '200.html')]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: build the API and the console first (npm run build).`);
    }
    mkdirSync(screenshots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'outport-console-e2e-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    slow = await startMailchimpSandbox({ latencyMs: 2500 });
    refusing = await startMailchimpSandbox();
    refusing.rejectEmails(refused.map((r) => r.email));
    receiver = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((done) => receiver!.listen(0, '127.0.0.1', done));
    const receiverPort = (receiver.address() as { port: number }).port;
    receiverUrl = `http://127.0.0.1:${receiverPort}/hooks/outport`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OUTPORT_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      OUTPORT_DEMO_SCALE: String(DEMO_SCALE),
      OUTPORT_CONSOLE_DIR: consoleBuild,
      OUTPORT_DEMO_SANDBOXES: 'true',
      // Only the sandboxes' own addresses may be reached: nothing private in general.
      OUTPORT_ALLOW_PRIVATE_TARGETS: 'false',
      OUTPORT_ALLOWED_TARGETS: `127.0.0.1:${slow.server.port},127.0.0.1:${refusing.server.port},127.0.0.1:${receiverPort}`,
      // Links in alerts point at this console.
      OUTPORT_PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;

    const cli = join(apiDist, 'cli.js');
    await run(process.execPath, [cli, 'migrate'], { env, cwd: repoRoot });
    const demo = await run(process.execPath, [cli, 'demo', '--if-empty'], { env, cwd: repoRoot });
    expect(demo.stdout).toContain(user('admin').email);

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
    await slow?.close();
    await refusing?.close();
    await new Promise((done) => (receiver ? receiver.close(done) : done(undefined)));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** What Chromium refused under the Content-Security-Policy the API sends, on any page of any test. */
  const cspViolations: string[] = [];
  /** Moderate, serious and critical axe-core violations (heading-order, landmark-unique…), per page checked. */
  const axeViolations: string[] = [];
  let axeChecks = 0;

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    if (!browser) throw new Error('no browser');
    // The smallest screen the console is built for.
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
    });
    page.setDefaultTimeout(15_000);
    return { context, page };
  }

  /** Lets every finite animation and transition end (not the endless loading shimmer or a pulse). */
  async function settle(page: Page): Promise<void> {
    await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
  }

  async function shot(page: Page, name: string, fullPage = false): Promise<void> {
    // A progress bar still growing to 100 % would look like a run that stopped short.
    await settle(page);
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage });
  }

  /**
   * axe-core on the page as it is now (injected through the DevTools protocol, so the page's own
   * CSP stays strict), and the page must not scroll sideways at 1280 px.
   */
  async function check(page: Page, label: string): Promise<void> {
    // A pane still sliding in is partly transparent, and axe would measure the contrast of a frame
    // nobody reads: let every finite animation (not the endless loading shimmer) finish first.
    await settle(page);
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`);
    });
    axeChecks++;
    for (const v of violations) axeViolations.push(`${label}: ${v}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(0);
    // Nor does any table: every column, "Your permissions" and Run included, fits its container.
    const tables = await page.evaluate(() => [...document.querySelectorAll('.table-wrap')].map((t) => t.scrollWidth - t.clientWidth));
    expect(tables.every((d) => d <= 0), `${label}: a table is wider than its container (${tables.join(', ')})`).toBe(true);
  }

  async function logIn(page: Page, who: DemoUser): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/e\/[^/]+\/exports$/);
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
  const row = (page: Page, name: string): Locator => page.locator('tbody tr[data-row]').filter({ has: page.getByRole('button', { name, exact: true }) });
  const cells = (r: Locator) => r.locator('td').allInnerTexts();
  const dialog = (page: Page) => page.getByRole('dialog');

  async function exportsOf(page: Page, env: string): Promise<void> {
    await page.goto(`/e/${env}/exports`);
    await expect.poll(() => page.locator('tbody tr[data-row]').count()).toBeGreaterThan(0);
  }

  async function select(page: Page, name: string): Promise<void> {
    await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
  }

  it('refuses a wrong password with a readable message and stays on the login page', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto('/');
      await page.waitForURL(/\/login$/);
      await page.getByLabel('Email').fill(user('admin').email);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.count()).toBe(1);
      expect((await alert.innerText()).toLowerCase()).toMatch(/password|credentials|email/);
      expect(new URL(page.url()).pathname).toBe('/login');
      await check(page, 'login');
      await shot(page, 'login-error');
    } finally {
      await context.close();
    }
  });

  it('admin: lands on Exports, adds a data-lake connection and shares it with all contributors; every admin page passes axe', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('admin'));
      expect(await nav(page).getByRole('link').allInnerTexts()).toEqual(['Exports', 'Connections', 'Segments', 'Tables', 'System', 'Alerts', 'Users', 'API keys']);
      await page.locator('#environment').selectOption(CONSUMER.slug);
      await page.waitForURL(`**/e/${CONSUMER.slug}/exports`);
      // The demo's exports, on the sandboxes, with their history.
      await expect.poll(() => cells(row(page, 'Newsletter: French subscribers'))).toEqual(expect.arrayContaining([expect.stringContaining('Mailchimp (sandbox)'), expect.stringContaining('Succeeded'), 'Edit']));
      await check(page, 'exports (admin)');
      await shot(page, 'exports-admin');

      await nav(page).getByRole('link', { name: 'Connections' }).click();
      await page.waitForURL('**/connections');
      // One connection per installed connector's demo sandbox.
      const installed = ((await (await context.request.get('/api/v1/connectors')).json()) as { items: unknown[] }).items.length;
      await expect.poll(() => page.locator('tbody tr[data-row]').count()).toBe(installed);
      // Klaviyo and Mailchimp are both email connectors: the same colour, each with its own glyph.
      const glyphOf = (name: string) => page.locator('tbody tr[data-row]').filter({ hasText: name }).locator('[data-glyph]').getAttribute('data-glyph');
      expect(await glyphOf('Klaviyo (sandbox)')).toBe('send');
      expect(await glyphOf('Mailchimp (sandbox)')).toBe('email');
      await check(page, 'connections');
      await page.getByRole('button', { name: 'Add connection' }).click();
      const pane = dialog(page);
      await pane.getByRole('radio', { name: /^Data lake/ }).check();
      await pane.getByLabel('Display name').fill('Lake for contributors');
      // The Azure fields apply to the Azure destination only.
      await expect.poll(() => pane.getByLabel('Storage account name').count()).toBe(1);
      await pane.getByLabel('Destination').selectOption('local');
      for (const label of ['Storage account name', 'Container', 'Blob endpoint', 'Account key', 'Connection string']) expect(await pane.getByLabel(label, { exact: true }).count(), label).toBe(0);
      await pane.getByLabel('Folder', { exact: true }).fill('demo-lake');
      await pane.getByRole('radio', { name: 'All contributors' }).check();
      await check(page, 'add connection pane');
      await shot(page, 'connection-add');
      await page.getByRole('button', { name: 'Test and add' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Added “Lake for contributors”' }).count()).toBe(1);
      const lake = page.locator('tbody tr[data-row]').filter({ hasText: 'Lake for contributors' });
      await expect.poll(async () => (await cells(lake)).join(' ')).toContain('All contributors');
      await lake.getByRole('button', { name: 'Test Lake for contributors' }).click();
      await expect.poll(() => lake.innerText()).toContain('✓');
      await shot(page, 'connections-admin');

      // Remove is guided: a connection that exports use cannot go until they are detached or removed.
      await page.getByRole('button', { name: 'Remove Mailchimp (sandbox)' }).click();
      await expect.poll(() => dialog(page).innerText()).toContain('Newsletter: French subscribers');
      expect(await dialog(page).getByRole('button', { name: 'Remove connection' }).isDisabled()).toBe(true);
      await check(page, 'remove connection dialog');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog(page).isVisible()).toBe(false);

      for (const [link, heading] of [['Segments', 'Segments'], ['Tables', 'Tables'], ['System', 'System'], ['Alerts', 'Alerts'], ['Users', 'Users'], ['API keys', 'API keys']] as const) {
        await nav(page).getByRole('link', { name: link }).click();
        await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(heading);
        await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
        await check(page, heading);
      }
      // API keys: shown once, with an expiry; Users: an invitation shows a first password once.
      await page.getByRole('button', { name: 'Create API key' }).click();
      await dialog(page).getByLabel('Name').fill('Nightly CRM sync');
      await dialog(page).getByRole('button', { name: 'Create' }).click();
      await expect.poll(() => dialog(page).innerText()).toMatch(/opk_[\w-]+/);
      await shot(page, 'api-key-created');
      await dialog(page).getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => page.locator('tbody tr[data-row]').filter({ hasText: 'Nightly CRM sync' }).innerText()).toContain('Active');

      await nav(page).getByRole('link', { name: 'Users' }).click();
      await page.getByRole('button', { name: 'Invite or add user' }).click();
      await dialog(page).getByLabel('Email').fill('ana.ruiz@example.com');
      await dialog(page).getByLabel('Name').fill('Ana Ruiz');
      await dialog(page).getByRole('button', { name: 'Add' }).click();
      await expect.poll(() => dialog(page).innerText()).toContain('first password');
      await dialog(page).getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => page.locator('tbody tr[data-row]').filter({ hasText: 'Ana Ruiz' }).count()).toBe(1);
      await shot(page, 'users-admin');

      await nav(page).getByRole('link', { name: 'Segments' }).click();
      await page.getByRole('button', { name: 'Manage exports of French newsletter subscribers' }).click();
      await expect.poll(() => dialog(page).innerText()).toContain('Newsletter: French subscribers');
      await check(page, 'manage exports pane');
      await shot(page, 'segment-manage-exports');
    } finally {
      await context.close();
    }
  });

  it('contributor: sets up a segment export on the shared connection, saves and runs it, and sees Refreshed change; View on an unshared one', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('contributor'));
      expect(await nav(page).getByRole('link').allInnerTexts()).toEqual(['Exports', 'Connections', 'Segments', 'Tables', 'System', 'Alerts']);
      await exportsOf(page, CONSUMER.slug);
      // The LinkedIn sandbox is kept to admins: its export is View, with no Run.
      const linkedIn = row(page, 'VIP customers on LinkedIn');
      expect(await cells(linkedIn)).toContain('View');
      expect(await linkedIn.getByRole('button', { name: /^Run / }).count()).toBe(0);
      await select(page, 'VIP customers on LinkedIn');
      const commands = page.getByRole('toolbar', { name: 'Export commands' });
      expect(await commands.getByRole('button', { name: 'View', exact: true }).count()).toBe(1);
      expect(await commands.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(0);
      for (const action of ['Run', 'Schedule', 'Detach connection', 'Remove', 'Create duplicate']) expect(await commands.getByRole('button', { name: action, exact: true }).count()).toBe(0);
      await commands.getByRole('button', { name: 'View', exact: true }).click();
      await expect.poll(() => dialog(page).getByLabel('Export name').isDisabled()).toBe(true);
      await check(page, 'view pane');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Clear selection' }).click();

      // Set up export: the shared lake, a segment, the key suggested from the table's key column.
      await page.getByRole('button', { name: 'Add export' }).click();
      const pane = dialog(page);
      await pane.getByLabel('Connection for export').selectOption({ label: 'Lake for contributors' });
      await pane.getByLabel('Export name').fill('French subscribers to the lake');
      const segment = pane.getByRole('checkbox', { name: /^French newsletter subscribers/ });
      await expect.poll(() => segment.isEnabled()).toBe(true);
      await segment.check();
      await expect.poll(() => pane.getByLabel(/^Member key/).inputValue()).toBe('customerId');
      // Its own schedule, saved with the export.
      await pane.getByRole('radio', { name: 'On its own schedule' }).check();
      await pane.getByLabel('Time 1').fill('07:15');
      await pane.getByLabel('Time zone').selectOption('Europe/Paris');
      await expect.poll(() => pane.getByRole('list', { name: 'Next runs' }).locator('li').count()).toBe(4);
      await check(page, 'set up export pane');
      await shot(page, 'setup-export');
      await pane.getByRole('button', { name: 'Save and run' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Created “French subscribers to the lake”' }).count()).toBe(1);

      // Progress details open at once and follow the run to its end; the list's Refreshed follows.
      const created = row(page, 'French subscribers to the lake');
      expect(await created.innerText()).toContain('Daily at 07:15 (Europe/Paris)');
      const progress = page.getByRole('region', { name: 'Progress details' });
      const task = progress.locator('tr[data-task="segment"]');
      await expect.poll(() => task.innerText(), { timeout: 30_000 }).toContain('Succeeded');
      const members = CONSUMER.segments.find((s) => s.name === 'French newsletter subscribers');
      expect(members).toBeDefined();
      await expect.poll(() => created.locator('[data-refreshed]').innerText(), { timeout: 15_000 }).toMatch(/just now|now|sec/);
      expect(await progress.getByRole('progressbar').first().getAttribute('aria-valuenow')).toBe('100');
      await check(page, 'progress details');
      await shot(page, 'exports-progress-contributor', true);

      // Run keeps focus on the button; Escape closes the details and puts focus back on the status.
      const runButton = created.getByRole('button', { name: 'Run French subscribers to the lake' });
      const shownRun = () => progress.locator('[data-run][aria-current="true"]').getAttribute('data-run');
      const firstRun = await shownRun();
      await runButton.click();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Run French subscribers to the lake');
      // The details follow the new run (the first one's Succeeded is no sign that this one ended).
      await expect.poll(shownRun).not.toBe(firstRun);
      await expect.poll(() => progress.locator('tr[data-task="segment"]').innerText(), { timeout: 30_000 }).toContain('Succeeded');
      await progress.getByRole('button').first().focus();
      await page.keyboard.press('Escape');
      await expect.poll(() => progress.count()).toBe(0);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/show progress details of French subscribers to the lake$/);
    } finally {
      await context.close();
    }
  });

  it('newcomer (contributor): sets up an export on the demo’s Mailchimp sandbox with what the pane fills in, saves and runs it, and sees it succeed', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('contributor'));
      await exportsOf(page, CONSUMER.slug);
      await page.getByRole('button', { name: 'Add export' }).click();
      const pane = dialog(page);
      await pane.getByLabel('Connection for export').selectOption({ label: 'Mailchimp (sandbox)' });
      // The audience comes from the demo export already on this connection: nothing to look up.
      await expect.poll(() => pane.getByText('Filled in from “Newsletter: French subscribers”').count()).toBe(1);
      expect(await pane.getByLabel(/^Audience ID/).inputValue()).not.toBe('');
      const name = 'VIP customers newsletter';
      await pane.getByLabel('Export name').fill(name);
      const segment = pane.getByRole('checkbox', { name: /^VIP customers/ });
      await expect.poll(() => segment.isEnabled()).toBe(true);
      await segment.check();
      // The email column is suggested by name and type; the schedule stays with the system refresh.
      await expect.poll(() => pane.getByLabel(/^Email address/).inputValue()).toBe('email');
      expect(await pane.locator('.suggested').count()).toBeGreaterThan(0);
      await check(page, 'set up export on Mailchimp (sandbox)');
      await shot(page, 'newcomer-setup');
      await pane.getByRole('button', { name: 'Save and run' }).click();
      const notice = page.getByRole('status').filter({ hasText: `Created “${name}”` });
      await expect.poll(() => notice.count()).toBe(1);

      const progress = page.getByRole('region', { name: `Progress details of ${name}`, exact: true });
      await expect.poll(() => progress.locator('.summary').innerText(), { timeout: 30_000 }).toMatch(/^Succeeded/);
      expect(await progress.locator('.alert.error').count()).toBe(0);
      // The notice follows the run it announced: it no longer says the run is running.
      await expect.poll(() => notice.innerText()).toContain('Its run succeeded.');
      expect(await notice.innerText()).not.toContain('running now');
      await expect.poll(() => row(page, name).getByRole('button', { name: /progress details of/ }).getAttribute('aria-label')).toMatch(/^Succeeded/);
      await shot(page, 'newcomer-succeeded', true);
    } finally {
      await context.close();
    }
  });

  it('viewer: sees every export and its progress, and no action that changes anything', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('viewer'));
      expect(await nav(page).getByRole('link').allInnerTexts()).toEqual(['Exports', 'Segments', 'Tables', 'System', 'Alerts']);
      // A failing call shows the error in place of the list, with Retry; the rest of the console stays.
      let failures = 1;
      await page.route('**/api/v1/environments/*/exports?**', async (route) => {
        if (failures-- > 0) await route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ type: '/problems/internal', title: 'Internal Server Error', status: 500 }) });
        else await route.continue();
      });
      await page.goto(`/e/${CONSUMER.slug}/exports`);
      const failed = page.getByRole('table', { name: 'Exports' }).getByRole('alert');
      await expect.poll(() => failed.innerText()).toContain('Try again in a moment');
      expect(await nav(page).isVisible()).toBe(true);
      await shot(page, 'exports-error');
      await failed.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(() => page.locator('tbody tr[data-row]').count()).toBeGreaterThan(0);
      await page.unroute('**/api/v1/environments/*/exports?**');

      // Loading the page does not move what is on it: skeleton rows hold the place of the data.
      await page.addInitScript(() => {
        const w = window as unknown as { layoutShift: number };
        w.layoutShift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) w.layoutShift += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await exportsOf(page, CONSUMER.slug);
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift)).toBeLessThan(0.1);
      expect(await page.getByRole('button', { name: 'Add export' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Run all' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Run / }).count()).toBe(0);
      const texts = await page.locator('tbody tr[data-row]').allInnerTexts();
      expect(texts.every((t) => t.includes('View') && !t.includes('Edit'))).toBe(true);

      // Sort by a column (and back), search, filter by status: the list and the address follow.
      const names = () => page.locator('tbody tr[data-row] button.name').allInnerTexts();
      const byName = page.getByRole('columnheader', { name: 'Display name' });
      expect(await byName.getAttribute('aria-sort')).toBe('ascending');
      const ascending = await names();
      expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
      await byName.getByRole('button').click();
      await expect.poll(() => byName.getAttribute('aria-sort')).toBe('descending');
      await expect.poll(names).toEqual([...ascending].reverse());
      expect(new URL(page.url()).searchParams.get('order')).toBe('desc');
      await page.getByRole('searchbox', { name: 'Search exports' }).fill('lake');
      // Names, connections and types are searched: every row shown mentions the lake, and no named one is missing.
      await expect.poll(() => page.locator('tbody tr[data-row]').count()).toBeLessThan(ascending.length);
      expect((await page.locator('tbody tr[data-row]').allInnerTexts()).every((t) => /lake/i.test(t))).toBe(true);
      expect(await names()).toEqual(expect.arrayContaining(ascending.filter((n) => /lake/i.test(n))));
      await page.getByRole('button', { name: 'Clear search' }).click();
      await expect.poll(() => page.locator('tbody tr[data-row]').count()).toBe(ascending.length);
      const statuses = () => page.locator('tbody tr[data-row] [aria-label*="progress details of"]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')!.split(':')[0]));
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Cancelled' });
      await expect.poll(() => page.getByRole('table', { name: 'Exports' }).innerText()).toContain('No exports match the search or filter.');
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Succeeded' });
      await expect.poll(statuses).toEqual(expect.arrayContaining(['Succeeded']));
      expect(new Set(await statuses())).toEqual(new Set(['Succeeded']));
      await shot(page, 'exports-filtered-viewer');
      await exportsOf(page, CONSUMER.slug);
      await select(page, 'Newsletter: French subscribers');
      const commands = page.getByRole('toolbar', { name: 'Export commands' });
      expect((await commands.getByRole('button').allInnerTexts()).filter((t) => t !== 'Clear selection')).toEqual(['View']);
      await row(page, 'Newsletter: French subscribers').getByRole('button', { name: /show progress details/ }).click();
      const progress = page.getByRole('region', { name: 'Progress details' });
      await expect.poll(() => progress.locator('tr[data-task="segment"]').innerText()).toContain('Succeeded');
      expect(await progress.getByRole('button', { name: /Cancel/ }).count()).toBe(0);
      // The run history's chart: a bar per finished run, its numbers in words for screen readers.
      const chart = progress.getByRole('img', { name: /^Last \d+ finished runs, oldest first: .* records in / });
      expect(await chart.count()).toBe(1);
      expect(await chart.locator('rect').count()).toBeGreaterThanOrEqual(2);
      // Two rows open at once: each one's details and run history are told apart by the export's name.
      await row(page, 'Lapsed buyers file drop').getByRole('button', { name: /show progress details/ }).click();
      await expect.poll(() => page.getByRole('complementary', { name: /^Run history/ }).count()).toBe(2);
      await check(page, 'exports (viewer)');
      await shot(page, 'exports-viewer', true);
      await page.goto(`/e/${CONSUMER.slug}/segments`);
      await expect.poll(() => page.locator('tbody tr[data-row]').count()).toBe(CONSUMER.segments.length);
      expect(await page.getByRole('button', { name: /^Refresh / }).count()).toBe(0);
      // A segment's details preview its first members' keys, from the last refresh.
      await page.getByRole('button', { name: 'Show details of French newsletter subscribers' }).click();
      const preview = page.locator('.preview').filter({ has: page.getByRole('heading', { name: 'First members' }) });
      await expect.poll(() => preview.locator('.keys').innerText()).toMatch(/\S+, \S+/);
      expect(await preview.innerText()).toContain('Member keys (Customer key)');
      // Rules read as sentences, not as column names and ISO timestamps.
      const lapsed = await page.locator('tbody tr[data-row]').filter({ hasText: 'Lapsed buyers' }).innerText();
      expect(lapsed).toContain('last purchase at is before 1 Nov 2025');
      expect(lapsed).not.toMatch(/lastPurchaseAt|T00:00/);
      await check(page, 'segments (viewer)');
      await shot(page, 'segments-viewer');

      // Logging in again lands on Exports of the environment used last (the first one is Contoso).
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(/\/login$/);
      await logIn(page, user('viewer'));
      expect(new URL(page.url()).pathname).toBe(`/e/${CONSUMER.slug}/exports`);
    } finally {
      await context.close();
    }
  });

  it('admin: bulk schedule with keep and with override, detach then re-attach, remove with confirmation', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('admin'));
      await exportsOf(page, CONSUMER.slug);
      const commands = page.getByRole('toolbar', { name: 'Export commands' });
      const pair = ['Newsletter: French subscribers', 'Customers to the data lake'];

      // Keep individual schedules, switch them off.
      for (const name of pair) await select(page, name);
      await commands.getByRole('button', { name: 'Schedule', exact: true }).click();
      await dialog(page).getByRole('radio', { name: /^Keep individual schedules/ }).check();
      await dialog(page).getByRole('radio', { name: /^Off: run by hand only/ }).check();
      await check(page, 'schedule pane (keep)');
      await dialog(page).getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: '2 exports switched off' }).count()).toBe(1);
      for (const name of pair) await expect.poll(() => row(page, name).innerText()).toContain('Off');

      // Override: one new schedule for both, previewed.
      await commands.getByRole('button', { name: 'Schedule', exact: true }).click();
      await dialog(page).getByRole('radio', { name: /^Define a new schedule/ }).check();
      await dialog(page).getByRole('radio', { name: 'On its own schedule' }).check();
      await dialog(page).getByLabel('Time 1').fill('05:30');
      await dialog(page).getByLabel('Time zone').selectOption('Europe/Paris');
      await expect.poll(() => dialog(page).getByRole('list', { name: 'Next runs' }).locator('li').count()).toBe(4);
      await check(page, 'schedule pane (override)');
      await shot(page, 'schedule-override');
      await dialog(page).getByRole('button', { name: 'Save' }).click();
      // Both now start at 05:30: the pane proposes to leave 30 minutes between them.
      await expect.poll(() => dialog(page).innerText()).toContain('Spread them out');
      expect(await dialog(page).innerText()).toMatch(/05:30 → 06:00/);
      await check(page, 'stagger proposal');
      await shot(page, 'schedule-stagger');
      await dialog(page).getByRole('button', { name: 'Spread them out' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: '2 exports spread 30 minutes apart' }).count()).toBe(1);
      await expect.poll(async () => (await Promise.all(pair.map((name) => row(page, name).innerText()))).join(' ')).toMatch(/Daily at 05:30 \(Europe\/Paris\)[\s\S]*Daily at 06:00|Daily at 06:00[\s\S]*Daily at 05:30/);
      await page.getByRole('button', { name: 'Clear selection' }).click();

      // Detach: no connection, inactive, no Run; Edit re-attaches it.
      const drop = 'Lapsed buyers file drop';
      await select(page, drop);
      await commands.getByRole('button', { name: 'Detach connection' }).click();
      await expect.poll(() => row(page, drop).innerText()).toContain('No connection');
      expect(await row(page, drop).innerText()).toContain('Inactive');
      expect(await row(page, drop).getByRole('button', { name: `Run ${drop}` }).count()).toBe(0);
      await row(page, drop).getByRole('button', { name: drop, exact: true }).click();
      await dialog(page).getByLabel('Connection for export').selectOption({ label: 'SFTP (sandbox)' });
      await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => row(page, drop).innerText()).toContain('SFTP (sandbox)');
      expect(await row(page, drop).getByRole('button', { name: `Run ${drop}` }).count()).toBe(1);

      // Create duplicate: the copy would send the same segment to the same audience, so it asks first.
      await select(page, 'Newsletter: French subscribers');
      await commands.getByRole('button', { name: 'Create duplicate' }).click();
      await expect.poll(() => dialog(page).innerText()).toContain('Create the duplicate anyway?');
      await dialog(page).getByRole('button', { name: 'Create duplicate' }).click();
      await expect.poll(() => dialog(page).getByLabel('Export name').inputValue()).toBe('Copy of Newsletter: French subscribers');
      await page.keyboard.press('Escape');
      await expect.poll(() => row(page, 'Copy of Newsletter: French subscribers').count()).toBe(1);
      await page.getByRole('button', { name: 'Clear selection' }).click();

      // Remove, after a confirmation that names what goes.
      const doomed = 'French subscribers to the lake';
      await select(page, doomed);
      await commands.getByRole('button', { name: 'Remove', exact: true }).click();
      await expect.poll(() => dialog(page).innerText()).toContain(doomed);
      await check(page, 'remove dialog');
      await shot(page, 'remove-confirmation');
      await dialog(page).getByRole('button', { name: 'Remove', exact: true }).click();
      await expect.poll(() => row(page, doomed).count()).toBe(0);
      await expect.poll(() => page.getByRole('status').filter({ hasText: `Removed “${doomed}”` }).count()).toBe(1);
      await shot(page, 'exports-after-bulk');

      // Records the target refused: counted in the details, and downloadable as CSV (with keys, for an editor).
      const base = `/api/v1/environments/${CONSUMER.slug}`;
      const headers = { origin: baseUrl };
      const strict = await context.request.post(`${base}/connections`, {
        headers,
        data: { name: 'Strict Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: refusing!.url }, secrets: { apiKey: refusing!.apiKey } },
      });
      expect(strict.status()).toBe(201);
      const segments = ((await (await context.request.get(`${base}/segments?limit=200`)).json()) as { items: { id: string; name: string }[] }).items;
      const refusedExport = 'French subscribers, two refused';
      const created = await context.request.post(`${base}/exports`, {
        headers,
        data: {
          name: refusedExport,
          type: 'segment',
          connectionId: ((await strict.json()) as { id: string }).id,
          segmentIds: [segments.find((s) => s.name === 'French newsletter subscribers')!.id],
          mapping: { email: 'email' },
          options: { audienceId: refusing!.listId },
          schedule: { kind: 'system-refresh', enabled: false },
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      await exportsOf(page, CONSUMER.slug);
      await row(page, refusedExport).getByRole('button', { name: `Run ${refusedExport}` }).click();
      const progress = page.getByRole('region', { name: `Progress details of ${refusedExport}`, exact: true });
      await expect.poll(() => progress.locator('.summary').innerText(), { timeout: 30_000 }).toMatch(/^Succeeded/);
      expect(await progress.locator('.summary').innerText()).toContain('2 rejected');
      const download = progress.getByRole('link', { name: 'Download rejected records (CSV)' });
      const csv = await context.request.get((await download.getAttribute('href'))!);
      expect(csv.headers()['content-type']).toContain('text/csv');
      const lines = (await csv.text()).trim().split(/\r?\n/);
      expect(lines[0]).toBe('item,key,field,reason');
      expect(lines.slice(1).map((l) => l.split(',')[1]).sort()).toEqual(refused.map((r) => r.key).sort());
      await check(page, 'rejected records');
      await shot(page, 'rejected-records', true);

      // Run all, from the command bar: every export whose schedule is on starts, and the list follows.
      await commands.getByRole('button', { name: 'Run all', exact: true }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: /^Run all started [1-9]\d* exports? with a schedule that is on\./ }).count()).toBe(1);
      const busy = () => page.locator('tbody tr[data-row] [aria-label*="progress details of"]').evaluateAll((b) => b.some((e) => /^(Queued|Running|Waiting|Failed \(retrying\))/.test(e.getAttribute('aria-label') ?? '')));
      await expect.poll(busy, { timeout: 60_000 }).toBe(false);
      await shot(page, 'exports-after-run-all');
    } finally {
      await context.close();
    }
  });

  it('cancel: says "Cancelling…" at once, then shows the run as cancelled, not as an error', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('admin'));
      const base = `/api/v1/environments/${CONSUMER.slug}`;
      const headers = { origin: baseUrl };
      const connection = await context.request.post(`${base}/connections`, {
        headers,
        data: { name: 'Slow Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: slow!.url }, secrets: { apiKey: slow!.apiKey } },
      });
      expect(connection.status()).toBe(201);
      const segments = ((await (await context.request.get(`${base}/segments?limit=200`)).json()) as { items: { id: string; name: string }[] }).items;
      const exp = await context.request.post(`${base}/exports`, {
        headers,
        data: {
          name: 'Slow newsletter',
          type: 'segment',
          connectionId: ((await connection.json()) as { id: string }).id,
          segmentIds: [segments.find((s) => s.name === 'All opted-in customers')!.id],
          mapping: { email: 'email' },
          options: { audienceId: slow!.listId },
          schedule: { kind: 'system-refresh', enabled: false },
        },
      });
      expect(exp.status()).toBe(201);
      await exportsOf(page, CONSUMER.slug);
      await row(page, 'Slow newsletter').getByRole('button', { name: 'Run Slow newsletter' }).click();
      const progress = page.getByRole('region', { name: 'Progress details' });
      const cancel = progress.getByRole('button', { name: 'Cancel run' });
      await cancel.click();
      // Feedback comes with the click, before the server has stopped the run.
      expect(await progress.getByRole('button', { name: 'Cancelling…' }).count()).toBe(1);
      // The row says so too, not "Running".
      await expect.poll(() => row(page, 'Slow newsletter').getByRole('button', { name: /progress details of/ }).getAttribute('aria-label')).toMatch(/^Cancelling…/);
      await shot(page, 'cancelling');
      await expect.poll(() => progress.innerText(), { timeout: 30_000 }).toContain('Cancelled by a user.');
      expect(await progress.locator('.alert.error').count()).toBe(0);
      expect(await progress.locator('.alert.info').innerText()).toContain('Cancelled by a user.');
      await expect.poll(() => row(page, 'Slow newsletter').innerText()).toContain('Cancelled');
      await check(page, 'cancelled run');
      await shot(page, 'cancelled');
    } finally {
      await context.close();
    }
  });

  it('admin: adds a webhook alert channel, tests it, sees a failed run delivered to it, and the alert’s link opens that run', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('admin'));
      await page.goto(`/e/${CONSUMER.slug}/alerts`);
      await expect.poll(() => page.getByRole('table', { name: 'Alert channels' }).innerText()).toContain('No alert channel yet');
      await page.getByRole('button', { name: 'Add channel' }).click();
      const pane = dialog(page);
      await pane.getByLabel('Name').fill('Ops webhook');
      // The API's problem shows under the field, in words.
      await pane.getByLabel('Webhook URL').fill('ftp://hooks.example.com/outport');
      await pane.getByRole('button', { name: 'Add channel' }).click();
      await expect.poll(() => pane.locator('.field-error').allInnerTexts()).toEqual([expect.stringMatching(/^Webhook URL must be an http or https URL/)]);
      expect(await pane.getByLabel('Webhook URL').getAttribute('aria-invalid')).toBe('true');
      await check(page, 'add alert channel pane');
      await shot(page, 'alert-channel-add');
      // An email channel asks for its SMTP server instead.
      await pane.getByRole('radio', { name: /^Email through your SMTP server/ }).check();
      expect(await pane.getByRole('textbox', { name: 'SMTP server', exact: true }).count()).toBe(1);
      expect(await pane.getByLabel('Webhook URL').count()).toBe(0);
      await check(page, 'add email alert channel pane');
      await shot(page, 'alert-channel-email');
      await pane.getByRole('radio', { name: /^Webhook/ }).check();
      await pane.getByLabel('Webhook URL').fill(receiverUrl);
      await pane.getByRole('button', { name: 'Add channel' }).click();
      // The generated signing secret, once.
      const secret = (await pane.locator('code').innerText({ timeout: 15_000 })).trim();
      expect(secret.length).toBeGreaterThanOrEqual(16);
      await shot(page, 'alert-channel-secret');
      await pane.getByRole('button', { name: 'Done' }).click();
      const channel = page.locator('tbody tr[data-row]').filter({ hasText: 'Ops webhook' });
      await expect.poll(() => channel.innerText()).toContain('On');

      // A test message reaches the receiver, signed with that secret; the row says how it went.
      await channel.getByRole('button', { name: 'Send a test message through Ops webhook' }).click();
      await expect.poll(() => channel.innerText()).toContain('✓ The test message was sent.');
      const test = received.at(-1)!;
      const signed = `sha256=${createHmac('sha256', secret).update(`${String(test.headers['x-outport-timestamp'])}.${test.body}`).digest('hex')}`;
      expect(test.headers['x-outport-signature']).toBe(signed);

      // Off and on again, with words for what it means.
      await channel.getByRole('button', { name: 'Switch off Ops webhook' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: '“Ops webhook” is off' }).count()).toBe(1);
      expect(await channel.innerText()).toContain('Off');
      await channel.getByRole('button', { name: 'Switch on Ops webhook' }).click();
      await expect.poll(() => channel.innerText()).toContain('On');

      // Two runs that fail for good (the audience is gone at Mailchimp) each raise an alert.
      const base = `/api/v1/environments/${CONSUMER.slug}`;
      const headers = { origin: baseUrl };
      const connection = await context.request.post(`${base}/connections`, {
        headers,
        data: { name: 'Mailchimp with a deleted audience', connectorId: 'mailchimp', settings: { apiBaseUrl: slow!.url }, secrets: { apiKey: slow!.apiKey } },
      });
      expect(connection.status()).toBe(201);
      const segments = ((await (await context.request.get(`${base}/segments?limit=200`)).json()) as { items: { id: string; name: string }[] }).items;
      const exp = await context.request.post(`${base}/exports`, {
        headers,
        data: {
          name: 'Newsletter to a deleted audience',
          type: 'segment',
          connectionId: ((await connection.json()) as { id: string }).id,
          segmentIds: [segments.find((s) => s.name === 'French newsletter subscribers')!.id],
          mapping: { email: 'email' },
          options: { audienceId: 'deleted-audience' },
          schedule: { kind: 'system-refresh', enabled: false },
        },
      });
      expect(exp.status(), await exp.text()).toBe(201);
      const exportId = ((await exp.json()) as { id: string }).id;
      const alerts = () => received.filter((r) => r.headers['x-outport-event'] === 'run.failed').map((r) => JSON.parse(r.body) as { run: { id: string }; links: { console: string } });
      for (const n of [1, 2]) {
        expect((await context.request.post(`${base}/exports/${exportId}/run`, { headers, data: {} })).status()).toBe(202);
        await expect.poll(() => alerts().length, { timeout: 60_000 }).toBe(n);
      }

      // The delivery is listed under the channel.
      await page.reload();
      await channel.getByRole('button', { name: 'Show details of Ops webhook' }).click();
      const deliveries = page.getByRole('region', { name: 'Recent deliveries of Ops webhook' });
      await expect.poll(() => deliveries.locator('li').count()).toBe(2);
      expect(await deliveries.locator('li').first().innerText()).toMatch(/Delivered[\s\S]*Newsletter to a deleted audience/);
      await expect.poll(() => channel.innerText()).toContain('Delivered');
      await check(page, 'alerts (admin)');
      await shot(page, 'alerts-admin', true);

      // Edit keeps what is not changed; Remove asks first.
      await channel.getByRole('button', { name: 'Edit Ops webhook' }).click();
      expect(await dialog(page).getByLabel('Webhook URL').inputValue()).toBe(receiverUrl);
      await dialog(page).getByLabel('Name').fill('Ops webhook (on call)');
      await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved “Ops webhook (on call)”' }).count()).toBe(1);
      const renamed = page.locator('tbody tr[data-row]').filter({ hasText: 'Ops webhook (on call)' });
      await renamed.getByRole('button', { name: 'Remove Ops webhook (on call)' }).click();
      await expect.poll(() => dialog(page).innerText()).toContain('delivery history');
      await check(page, 'remove alert channel dialog');
      await dialog(page).getByRole('button', { name: 'Remove channel' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Removed “Ops webhook (on call)”' }).count()).toBe(1);
      await expect.poll(() => renamed.count()).toBe(0);

      // The first alert's link opens that run's progress details, not the latest run.
      const [first, latest] = alerts();
      expect(first!.links.console).toBe(`${baseUrl}/e/${CONSUMER.slug}/exports?q=${encodeURIComponent('Newsletter to a deleted audience')}&run=${first!.run.id}`);
      await page.goto(first!.links.console);
      const progress = page.getByRole('region', { name: 'Progress details' });
      await expect.poll(() => progress.locator(`[data-run="${first!.run.id}"]`).getAttribute('aria-current')).toBe('true');
      expect(await progress.locator(`[data-run="${latest!.run.id}"]`).getAttribute('aria-current')).toBeNull();
      expect(await progress.locator('.summary').innerText()).toContain('Failed');
      await check(page, 'exports opened from an alert');
      await shot(page, 'exports-from-alert-link');

      // An alert about refused credentials links to the connection: its form opens.
      await page.goto(`/e/${CONSUMER.slug}/connections?connection=${((await connection.json()) as { id: string }).id}`);
      await expect.poll(() => dialog(page).getByRole('heading', { level: 2 }).innerText()).toBe('Edit Mailchimp with a deleted audience');
    } finally {
      await context.close();
    }
  });

  it('viewer: changes their own alert emails, which persist after a reload; sees no alert channels', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('viewer'));
      await page.goto(`/e/${CONSUMER.slug}/alerts`);
      const choices = page.getByRole('group', { name: 'Email me when…' });
      const failed = choices.getByRole('checkbox', { name: 'a run failed for good' });
      await expect.poll(() => failed.isEnabled()).toBe(true);
      expect(await failed.isChecked()).toBe(true);
      expect(await page.getByRole('heading', { name: 'Alert channels' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Add channel' }).count()).toBe(0);
      await failed.uncheck();
      await page.getByRole('button', { name: 'Save my choices' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved. You get alert emails about 3 of 4 events.' }).count()).toBe(1);
      await check(page, 'alerts (viewer)');
      await shot(page, 'alerts-viewer');
      await page.reload();
      await expect.poll(() => choices.getByRole('checkbox', { name: 'a system refresh failed' }).isEnabled()).toBe(true);
      expect(await choices.getByRole('checkbox', { name: 'a run failed for good' }).isChecked()).toBe(false);
      expect(await choices.getByRole('checkbox', { name: 'a system refresh failed' }).isChecked()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('System: the process graph of a refresh started from the page, and its history; Cancel refresh', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, user('contributor'));
      await page.goto(`/e/${CONSUMER.slug}/system`);
      await page.getByRole('button', { name: 'Refresh now' }).click();
      const graph = page.getByRole('list', { name: 'Segment refreshes' });
      await expect.poll(() => graph.locator('li').count()).toBe(CONSUMER.segments.length);
      await expect.poll(() => page.locator('tbody tr[data-row]').first().innerText(), { timeout: 30_000 }).toMatch(/Succeeded|Failed|Skipped/);
      await check(page, 'system');
      await shot(page, 'system', true);

      // An alert's link to a refresh (?refresh=) opens its row on the process graph.
      const refreshes = ((await (await context.request.get(`/api/v1/environments/${CONSUMER.slug}/system/refreshes?limit=1`)).json()) as { items: { id: string }[] }).items;
      await page.goto(`/e/${CONSUMER.slug}/system?refresh=${refreshes[0]!.id}`);
      const opened = page.locator(`tr[data-row="${refreshes[0]!.id}"]`);
      await expect.poll(() => opened.getByRole('button', { expanded: true }).count()).toBe(1);
      await expect.poll(() => page.locator(`tr[data-detail-of="${refreshes[0]!.id}"]`).getByRole('list', { name: 'Segment refreshes' }).count()).toBe(1);
      await shot(page, 'system-from-alert-link');

      // Cancel refresh. A refresh of the demo takes well under a second, so an admin first sends
      // “Slow newsletter” (a Mailchimp that answers in 2.5 s) again: the refresh of its segment is
      // held back while that run sends, and the refresh goes on until it is cancelled.
      const admin = await newPage();
      const base = `/api/v1/environments/${CONSUMER.slug}`;
      const headers = { origin: baseUrl };
      await logIn(admin.page, user('admin'));
      const slowExport = ((await (await admin.context.request.get(`${base}/exports?q=Slow%20newsletter`)).json()) as { items: { id: string }[] }).items[0];
      expect(slowExport, 'the cancel test creates “Slow newsletter”').toBeDefined();
      const sending = await admin.context.request.post(`${base}/exports/${slowExport!.id}/run`, { headers, data: { fullResync: true } });
      expect(sending.ok()).toBe(true);
      const slowRun = ((await sending.json()) as { id: string }).id;
      await expect.poll(async () => ((await (await admin.context.request.get(`${base}/runs/${slowRun}`)).json()) as { status: string }).status).toBe('running');
      await page.goto(`/e/${CONSUMER.slug}/system`);
      // The first attempt cannot reach the server: a readable message, and the refresh goes on.
      let attempts = 0;
      await page.route('**/system/refreshes/*/cancel', async (route) => {
        if (++attempts === 1) return route.abort('failed');
        // The second is answered a moment late, so the pending state can be seen.
        await new Promise((r) => setTimeout(r, 600));
        return route.continue();
      });
      await page.getByRole('button', { name: 'Refresh now' }).click();
      const latest = page.getByRole('region', { name: 'Latest refresh' });
      const cancel = latest.getByRole('button', { name: 'Cancel refresh' });
      await cancel.click();
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Could not cancel the refresh: Could not reach the Outport server' }).count()).toBe(1);
      await cancel.click();
      // Feedback comes with the click, before the server has answered.
      expect(await latest.getByRole('button', { name: 'Cancelling…' }).count()).toBe(1);
      expect(await page.getByRole('alert').filter({ hasText: 'Could not cancel' }).count()).toBe(0);
      await expect.poll(() => latest.locator('.card-head').innerText(), { timeout: 15_000 }).toContain('Cancelled');
      expect(await latest.getByRole('button', { name: /^Cancel/ }).count()).toBe(0);
      expect(await latest.locator('.alert.info').innerText()).toContain(`Cancelled by ${user('contributor').name}`);
      expect(await latest.locator('.alert.error').count()).toBe(0);
      // The steps not under way were cancelled (the held refresh of the slow newsletter's segment
      // among them), and the graph shows each of them so.
      type Step = { kind: 'segment' | 'export'; label: string; status: string; startedAt: string | null };
      const cancelled = ((await (await context.request.get(`${base}/system/refreshes?limit=1`)).json()) as { items: { status: string; processes: Step[] }[] }).items[0]!;
      const steps = JSON.stringify(cancelled.processes.map((p) => [p.label, p.status]));
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.processes.find((p) => p.kind === 'segment' && p.label === 'All opted-in customers')?.status, steps).toBe('cancelled');
      expect(cancelled.processes.filter((p) => !p.startedAt).every((p) => p.status === 'cancelled'), steps).toBe(true);
      for (const step of cancelled.processes.filter((p) => p.status === 'cancelled')) {
        const node = latest.getByRole('list', { name: step.kind === 'segment' ? 'Segment refreshes' : 'Exports' }).locator('li.node').filter({ has: page.getByText(step.label, { exact: true }) });
        await expect.poll(() => node.locator('.meta').innerText()).toContain('Cancelled');
      }
      await expect.poll(() => page.locator('tbody tr[data-row]').first().innerText()).toContain('Cancelled');
      await check(page, 'system (cancelled refresh)');
      await shot(page, 'system-cancelled', true);
      await admin.context.request.post(`${base}/runs/${slowRun}/cancel`, { headers });
      await admin.context.close();
    } finally {
      await context.close();
    }
  });

  it('passes axe on every page checked, and runs under the API’s Content-Security-Policy without a single violation', async () => {
    const { context, page } = await newPage();
    try {
      const response = await page.goto('/login');
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    } finally {
      await context.close();
    }
    expect(axeChecks).toBeGreaterThan(15);
    expect(axeViolations).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
