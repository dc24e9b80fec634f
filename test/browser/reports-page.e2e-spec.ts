import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { AuthHeaders, complaintBody, createTestApp, TEST_PASSWORD, TestApp, uniqueRef } from '../support/test-app';
import { deactivatePolicy } from '../sla/sla-support';

/** Debian's chromium (apt-get install -y chromium); playwright-core never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';

/**
 * What a manager meets in a real browser: /reports sends him to the sign-in form, signing in
 * opens the page, the compliance trend and the backlog are drawn (uPlot canvases), the breach
 * list shows a breached complaint in Chinese, and the CSV downloads with the session cookie.
 */
describe('reports page in a browser (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shots: string;
  let policyId: string;
  let managerEmail: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: the browser specs need Debian's package. Install it with "apt-get install -y chromium" (.ci/run does this in CI).`);
    }
    t = await createTestApp();
    admin = await t.auth('admin');
    managerEmail = `manager.${Date.now()}@test.example.com`;
    await t.http().post('/api/v1/users').set(admin).send({ email: managerEmail, name: '王经理', password: TEST_PASSWORD, role: 'manager' }).expect(201);
    // A breached complaint (acknowledge within 60 s, received 2 hours ago) and an on-time one.
    policyId = (await t.http().post('/api/v1/sla-policies').set(admin).send({ name: 'page fast', match: { channel: 'email' }, rank: -800, acknowledgeWithinSeconds: 60, resolveWithinSeconds: 86_400, warnAtRatio: 0, escalation: [] }).expect(201)).body.id;
    await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ channel: 'email', summary: '宽带断网三天无人处理', receivedAt: new Date(Date.now() - 7200_000).toISOString(), customer: { externalRef: uniqueRef(), name: '李四', tier: 'platinum' } })).expect(201);
    const onTime = (await t.http().post('/api/v1/complaints').set(admin).send(complaintBody({ channel: 'email' })).expect(201)).body;
    await t.http().post(`/api/v1/complaints/${onTime.id}/acknowledge`).set(admin).send({}).expect(200);

    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    shots = mkdtempSync(join(tmpdir(), 'reports-page-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (policyId) await deactivatePolicy(t, admin, policyId);
    await t?.close();
    if (shots && !process.env.KEEP_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
  });

  it('sends a browser without a session to the sign-in form', async () => {
    await page.goto(`${base}/reports`);
    expect(page.url()).toBe(`${base}/admin/login?next=%2Freports`);
    await expect(page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
  });

  it('signs the manager in and draws the compliance trend, the backlog and the breach list', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.getByLabel('Email').fill(managerEmail);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/reports`);
    await page.locator('body[data-loaded="true"]').waitFor();
    expect(errors).toEqual([]);

    await expect(page.getByText('王经理 (manager)').isVisible()).resolves.toBe(true);
    await expect(page.locator('#trend-chart canvas').count()).resolves.toBe(1);
    await expect(page.locator('#backlog-chart canvas').count()).resolves.toBe(1);
    expect(Number(await page.locator('#trend-chart').getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
    await expect(page.locator('#trend-section .u-legend').textContent()).resolves.toContain('响应达标率');
    // the breached complaint is in the list and in the backlog's breached row
    await expect(page.locator('#breaches-table tbody tr').first().textContent()).resolves.toContain('acknowledge');
    await expect(page.locator('#backlog-table tbody tr.breached').count()).resolves.toBeGreaterThanOrEqual(1);

    const file = join(shots, 'reports.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(20_000);
    // Chinese text renders with a real glyph (not a missing-glyph box): its width differs from an unassigned code point's
    const widths = await page.evaluate(() => {
      const c = document.createElement('canvas').getContext('2d')!;
      c.font = '16px "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif';
      return { han: c.measureText('达标率').width, latin: c.measureText('abc').width };
    });
    expect(widths.han).toBeGreaterThan(widths.latin);
  });

  it('downloads the breach list and the trend as CSV with the session cookie', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#breaches-csv').click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('complaintId,reference,receivedAt,clock,dueAt,stoppedAt,lateBySeconds,status,severity,channel,category,tier,assigneeName,escalationLevel');
    expect(lines.some((l) => l.includes(',acknowledge,') && l.includes(',platinum,'))).toBe(true);

    const [trend] = await Promise.all([page.waitForEvent('download'), page.locator('#trend-csv').click()]);
    const trendText = readFileSync((await trend.path())!, 'utf8');
    expect(trendText.slice(1).split('\r\n')[0]).toContain('acknowledgeCompliance');
    expect(trend.suggestedFilename()).toMatch(/^sla-day-.*\.csv$/);
  });

  it('the API reads the cookie only on the report GETs: other routes still need a Bearer token', async () => {
    const status = await page.evaluate(async () => {
      const reports = await fetch('/api/v1/reports/backlog');
      const complaints = await fetch('/api/v1/complaints');
      return [reports.status, complaints.status];
    });
    expect(status).toEqual([200, 401]);
  });
});
