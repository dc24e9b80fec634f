import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { STAFF_SESSION_COOKIE } from '../../src/auth/staff-session.service';
import { createTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

/** Debian's chromium (apt-get install -y chromium); playwright-core never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';

/**
 * What an admin meets in a real browser: /admin/queues sends him to the sign-in form, signing
 * in opens bull-board, signing out shuts it, and a user of another role is turned away.
 */
describe('queue dashboard in a browser (e2e)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shots: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: the browser specs need Debian's package. Install it with "apt-get install -y chromium" (.ci/run does this in CI).`);
    }
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    shots = mkdtempSync(join(tmpdir(), 'admin-dashboard-'));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (shots && !process.env.KEEP_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
  });

  const signIn = async (email: string, password: string) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${base}/admin/login` && r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
    return response;
  };

  it('sends a browser without a session from /admin/queues to the sign-in form', async () => {
    await page.goto(`${base}/admin/queues`);
    expect(page.url()).toBe(`${base}/admin/login?next=%2Fadmin%2Fqueues`);
    await expect(page.title()).resolves.toContain('Sign in');
    await expect(page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(shots, 'login.png') });
  });

  it('signs the admin in and shows bull-board with the queues', async () => {
    const response = await signIn(process.env.ADMIN_EMAIL!, process.env.ADMIN_PASSWORD!);
    expect(response.status()).toBe(303);
    await page.waitForURL(`${base}/admin/queues`);
    await page.getByText('sla-deadlines').first().waitFor();
    await expect(page.getByText('Complaint desk').first().isVisible()).resolves.toBe(true);

    const cookie = (await context.cookies(base)).find((c) => c.name === STAFF_SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 1700);
    // scripts on the page cannot read it
    await expect(page.evaluate(() => document.cookie)).resolves.not.toContain(STAFF_SESSION_COOKIE);

    await page.getByText('Loading...').waitFor({ state: 'hidden' });
    const file = join(shots, 'queues.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    expect(png.length).toBeGreaterThan(1000);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it("lets the dashboard's own writes through from its page (the browser sends its Origin)", async () => {
    const status = await page.evaluate(() => fetch('/admin/queues/api/queues/sla-deadlines/clean/completed', { method: 'PUT' }).then((r) => r.status));
    expect(status).toBe(200);
  });

  it('signs out: the cookie is gone and /admin/queues sends the browser back to the form', async () => {
    // the dashboard's account menu links to the sign-in page, which offers the sign-out button
    await page.goto(`${base}/admin/queues`);
    await page.getByText('sla-deadlines').first().waitFor();
    await page.locator('header button').last().click();
    await Promise.all([page.waitForURL(`${base}/admin/login`), page.getByText('Sign out').click()]);
    await page.getByText('Signed in as').waitFor();
    await Promise.all([page.waitForURL(`${base}/admin/login`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await context.cookies(base)).map((c) => c.name)).not.toContain(STAFF_SESSION_COOKIE);

    const response = await page.goto(`${base}/admin/queues`);
    expect(page.url()).toBe(`${base}/admin/login?next=%2Fadmin%2Fqueues`);
    expect(response!.status()).toBe(200); // the form, after the 302
    // the context's request client carries whatever cookies the browser still has: none
    const api = await context.request.get(`${base}/admin/queues/api/queues`, { headers: { Accept: 'application/json' } });
    expect(api.status()).toBe(401);
  });

  it('turns away a user who is not an admin', async () => {
    const admin = await t.auth('admin');
    const email = `agent.${randomUUID()}@test.example.com`;
    await t.http().post('/api/v1/users').set(admin).send({ email, name: 'Browser Agent', password: TEST_PASSWORD, role: 'agent' }).expect(201);

    await page.goto(`${base}/admin/queues`);
    const response = await signIn(email, TEST_PASSWORD);
    expect(response.status()).toBe(403);
    await page.getByText('The agent role may not sign in to these pages').waitFor();
    expect(page.url()).toBe(`${base}/admin/login`);
    expect((await context.cookies(base)).map((c) => c.name)).not.toContain(STAFF_SESSION_COOKIE);

    await page.goto(`${base}/admin/queues`);
    expect(page.url()).toBe(`${base}/admin/login?next=%2Fadmin%2Fqueues`);
  });

  it('shows the form again for a wrong password', async () => {
    const response = await signIn(process.env.ADMIN_EMAIL!, 'Wrong-Passw0rd!');
    expect(response.status()).toBe(401);
    await page.getByText('Email or password is wrong').waitFor();
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(process.env.ADMIN_EMAIL);
  });
});
