import { AuthHeaders, complaintBody, createTestApp, TestApp, uniqueRef } from '../support/test-app';

type Cue = { text: string; start: number; end: number; pattern: string };
type NeedEvidence = { need: string; cues: Cue[] };
type TimelineItem = { type: string; actor: { type: string; id: string | null }; data: Record<string, unknown> };

const RANK: Record<string, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

/** Every cue is a span of the input. */
function expectCuesAreSpans(text: string, needs: NeedEvidence[]) {
  for (const n of needs) {
    expect(n.cues.length).toBeGreaterThan(0);
    for (const c of n.cues) expect(text.slice(c.start, c.end)).toBe(c.text);
  }
}

describe('triage (e2e)', () => {
  let t: TestApp;
  let admin: AuthHeaders;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  const analyze = (body: Record<string, unknown>) => t.http().post('/api/v1/triage/analyze').set(admin).send(body);
  const names = (list: NeedEvidence[]) => list.map((n) => n.need);
  const timeline = async (id: string): Promise<TimelineItem[]> => (await t.http().get(`/api/v1/complaints/${id}/timeline`).set(admin).expect(200)).body.items;
  const diamondPortOut = () =>
    complaintBody({
      customer: { externalRef: uniqueRef(), name: '李四', tier: 'diamond' },
      category: 'network',
      summary: '信号差了一个月没人处理',
      description: '再不解决我就携号转网。',
    });

  describe('POST /triage/analyze', () => {
    it('reads an emotional-dominant Chinese complaint, with cues as spans and calming guidance in Chinese', async () => {
      const text = '营业员根本不理我，态度太差了，我真的受够了！！';
      const res = await analyze({ text }).expect(200);
      expect(res.body).toMatchObject({ dominant: 'emotional', emotionalIntensity: 3, riskFlags: [], suggestedSeverity: 'serious', language: 'zh', lexiconVersion: expect.any(String) });
      expect(names(res.body.emotionalNeeds)).toEqual(expect.arrayContaining(['be_respected', 'be_welcomed', 'vent']));
      expect(res.body.rationalNeeds).toEqual([]);
      expectCuesAreSpans(text, res.body.emotionalNeeds);
      expect(res.body.guidance.stages.map((s: { stage: string }) => s.stage)).toEqual(['accept_emotion', 'clarify_facts', 'offer_plan']);
      for (const s of res.body.guidance.stages) {
        expect(s.phrases.length).toBeGreaterThan(0);
        expect(s.phrases.join('')).toMatch(/[\u4e00-\u9fff]/);
      }
    });

    it('reads English: needs, cues, risk flags with their cues, high-value flag from the tier', async () => {
      const text = 'Please fix my broken router today and refund the 50 dollars you overcharged. Otherwise I will switch to another carrier.';
      const res = await analyze({ text, customerTier: 'platinum' }).expect(200);
      expect(res.body.dominant).toBe('rational');
      expect(names(res.body.rationalNeeds)).toEqual(expect.arrayContaining(['fix_problem', 'immediate_action', 'compensation']));
      expectCuesAreSpans(text, res.body.rationalNeeds);
      expect(res.body.riskFlags).toEqual(expect.arrayContaining(['churn_threat', 'high_value_customer']));
      const churn = res.body.riskCues.find((r: { flag: string }) => r.flag === 'churn_threat');
      for (const c of churn.cues) expect(text.slice(c.start, c.end)).toBe(c.text);
      expect(res.body.language).toBe('en');
      expect(res.body.guidance.rationalCommitments.map((c: { need: string }) => c.need)).toEqual(expect.arrayContaining(['fix_problem', 'compensation']));
      expect(res.body.guidance.riskNotes.map((n: { flag: string }) => n.flag)).toEqual(expect.arrayContaining(['churn_threat', 'high_value_customer']));
    });

    it('reads mixed Chinese and English text, and honours lang for the guidance', async () => {
      const text = '客服态度太差了，根本不理我。I want a full refund, otherwise I will cancel my account.';
      const res = await analyze({ text, lang: 'en' }).expect(200);
      expect(names(res.body.emotionalNeeds)).toEqual(expect.arrayContaining(['be_respected', 'be_welcomed']));
      expect(names(res.body.rationalNeeds)).toContain('compensation');
      expect(res.body.riskFlags).toContain('churn_threat');
      expectCuesAreSpans(text, [...res.body.emotionalNeeds, ...res.body.rationalNeeds]);
      const cueTexts = [...res.body.emotionalNeeds, ...res.body.rationalNeeds].flatMap((n: NeedEvidence) => n.cues.map((c) => c.text));
      expect(cueTexts).toEqual(expect.arrayContaining(['态度太差', 'refund']));
      expect(res.body.emotionalIntensity).toBeGreaterThanOrEqual(2);
      expect(res.body.language).toBe('en');
      expect(res.body.guidance.stages[0].phrases.join(' ')).toMatch(/[A-Za-z]/);
    });

    it.each([
      ['text missing', {}, 'text'],
      ['text empty', { text: '' }, 'text'],
      ['text too long', { text: 'x'.repeat(10_001) }, 'text'],
      ['text not a string', { text: 42 }, 'text'],
      ['an unknown tier', { text: 'hi', customerTier: 'bronze' }, 'customerTier'],
      ['an unknown language', { text: 'hi', lang: 'fr' }, 'lang'],
      ['an unknown field', { text: 'hi', mood: 'angry' }, 'mood'],
    ])('400 naming the field: %s', async (_name, body, field) => {
      const res = await analyze(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('intake triage', () => {
    it('stores the suggestion at intake, shows it on the complaint and via GET, and writes a triaged event without changing severity', async () => {
      const body = complaintBody({
        summary: '营业员态度太差',
        description: '营业员根本不理我，态度太差了，我真的受够了！！我要求处理那个营业员。',
      });
      const created = await t.http().post('/api/v1/complaints').set(admin).send(body).expect(201);
      expect(created.body.severity).toBe('ordinary');
      expect(created.body.version).toBe(1);
      expect(created.body.triage).toEqual({ dominant: expect.any(String), emotionalIntensity: 3, riskFlags: [], confirmed: false });

      const triage = await t.http().get(`/api/v1/complaints/${created.body.id}/triage`).set(admin).expect(200);
      expect(triage.body).toMatchObject({ complaintId: created.body.id, confirmed: null, emotionalIntensity: 3, language: 'zh' });
      expect(triage.body.suggestion.suggestedSeverity).toBe('serious');
      expect(names(triage.body.suggestion.emotionalNeeds)).toEqual(expect.arrayContaining(['be_respected', 'vent']));
      expect(names(triage.body.suggestion.rationalNeeds)).toContain('accountability');
      expectCuesAreSpans(`${body.summary}\n${body.description}`, triage.body.suggestion.emotionalNeeds);
      expect(triage.body.guidance.stages.length).toBe(3);

      const events = await timeline(created.body.id);
      const triaged = events.find((e) => e.type === 'triaged')!;
      expect(triaged.data).toMatchObject({ source: 'suggestion', emotionalIntensity: 3, suggestedSeverity: 'serious', riskFlags: [] });
      expect(triaged.data.emotionalNeeds).toEqual(expect.arrayContaining(['be_respected', 'vent']));
      expect(events.map((e) => e.type)).toEqual(['created', 'triaged']);

      const fetched = await t.http().get(`/api/v1/complaints/${created.body.id}`).set(admin).expect(200);
      expect(fetched.body.triage).toEqual(created.body.triage);
      expect(fetched.body.severity).toBe('ordinary');
    });

    it('refines priority at intake: a diamond customer threatening to port out is at most P2, version unchanged', async () => {
      const created = await t.http().post('/api/v1/complaints').set(admin).send(diamondPortOut()).expect(201);
      expect(RANK[created.body.priority]).toBeLessThanOrEqual(2);
      expect(created.body.severity).toBe('ordinary');
      expect(created.body.version).toBe(1);
      expect(created.body.triage.riskFlags).toEqual(['churn_threat', 'high_value_customer']);
      const events = await timeline(created.body.id);
      const triaged = events.find((e) => e.type === 'triaged')!;
      expect(triaged.data.priority).toMatchObject({ from: 'P3', to: created.body.priority });
      const listed = await t.http().get(`/api/v1/complaints?customerId=${created.body.customer.id}`).set(admin).expect(200);
      expect(listed.body.items[0]).toMatchObject({ id: created.body.id, priority: created.body.priority, triage: created.body.triage });
    });

    it('flags a repeat complaint and a high-value customer', async () => {
      const first = complaintBody();
      (first.customer as Record<string, unknown>).tier = 'platinum';
      const a = await t.http().post('/api/v1/complaints').set(admin).send(first).expect(201);
      const b = await t.http().post('/api/v1/complaints').set(admin).send({ ...first }).expect(201);
      expect(a.body.triage.riskFlags).toEqual(['high_value_customer']);
      expect(b.body.isRepeat).toBe(true);
      expect(b.body.triage.riskFlags).toEqual(['repeat_complaint', 'high_value_customer']);
      const triage = await t.http().get(`/api/v1/complaints/${b.body.id}/triage`).set(admin).expect(200);
      expect(triage.body.suggestion.suggestedSeverity).toBe('serious');
    });
  });

  describe('PUT /complaints/:id/triage', () => {
    it('confirms with corrections: severity set, priority recomputed, triaged + priority_changed events with the actor, correction listed with its diff', async () => {
      const created = await t.http().post('/api/v1/complaints').set(admin).send(diamondPortOut()).expect(201);
      const id = created.body.id;
      const suggestion = (await t.http().get(`/api/v1/complaints/${id}/triage`).set(admin).expect(200)).body.suggestion;

      const confirmation = {
        emotionalNeeds: ['taken_seriously', 'vent'],
        rationalNeeds: ['fix_problem', 'compensation'],
        emotionalIntensity: 3,
        riskFlags: ['churn_threat', 'regulator_threat', 'high_value_customer'],
        severity: 'major',
        note: '客户提到要找工信部',
      };
      const res = await t.http().put(`/api/v1/complaints/${id}/triage`).set(admin).set('If-Match', `"${created.body.version}"`).send(confirmation).expect(200);
      expect(res.body).toMatchObject({ id, severity: 'major', priority: 'P1', version: created.body.version + 1 });
      expect(res.body.triage).toEqual({ dominant: 'mixed', emotionalIntensity: 3, riskFlags: ['churn_threat', 'regulator_threat', 'high_value_customer'], confirmed: true });
      expect(res.headers.etag).toBe(`"${created.body.version + 1}"`);

      const triage = await t.http().get(`/api/v1/complaints/${id}/triage`).set(admin).expect(200);
      expect(triage.body.suggestion).toEqual(suggestion);
      expect(triage.body.confirmed).toMatchObject({
        emotionalNeeds: ['taken_seriously', 'vent'],
        rationalNeeds: ['fix_problem', 'compensation'],
        emotionalIntensity: 3,
        severity: 'major',
        note: '客户提到要找工信部',
        by: { type: expect.any(String) },
        at: expect.any(String),
      });
      expect(triage.body.guidance.riskNotes.map((n: { flag: string }) => n.flag)).toContain('regulator_threat');

      const events = await timeline(id);
      const staff = events.find((e) => e.type === 'triaged' && e.data.source === 'staff')!;
      expect(staff).toBeDefined();
      expect(staff.actor).toEqual(expect.objectContaining({ type: expect.any(String) }));
      expect(staff.data).toMatchObject({ severity: 'major', emotionalIntensity: 3, riskFlags: confirmation.riskFlags });
      const changed = events.find((e) => e.type === 'priority_changed')!;
      expect(changed.data).toMatchObject({ from: { severity: 'ordinary', priority: created.body.priority }, to: { severity: 'major', priority: 'P1' }, reason: 'triage_confirmed' });
      expect(changed.actor).toEqual(staff.actor);

      const list = await t.http().get('/api/v1/triage/corrections?label=regulator_threat&limit=200').set(admin).expect(200);
      const correction = list.body.items.find((c: { complaintId: string }) => c.complaintId === id);
      expect(correction).toBeDefined();
      expect(correction.diff).toMatchObject({
        emotionalNeeds: { added: ['vent'], removed: [] },
        rationalNeeds: { added: ['compensation'], removed: [] },
        riskFlags: { added: ['regulator_threat'], removed: [] },
        intensityDelta: 3 - suggestion.emotionalIntensity,
        severity: { suggested: suggestion.suggestedSeverity, before: 'ordinary', after: 'major' },
        changed: true,
      });
      expect(correction.diff.labels).toEqual(expect.arrayContaining(['vent', 'compensation', 'regulator_threat', 'severity']));
      expect(correction.textExcerpt).toContain('携号转网');
      expect(correction.lexiconVersion).toBe(suggestion.lexiconVersion);
      expect(correction.suggestion.riskFlags).toEqual(suggestion.riskFlags);
      expect(correction.confirmation).toMatchObject({ severity: 'major', note: '客户提到要找工信部' });
      expect(correction.actor).toEqual(staff.actor);
    });

    it('writes no priority_changed when neither severity nor priority moves, and honours a body version', async () => {
      const created = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
      const id = created.body.id;
      const res = await t.http().put(`/api/v1/complaints/${id}/triage`).set(admin)
        .send({ emotionalNeeds: [], rationalNeeds: ['fix_problem', 'compensation'], emotionalIntensity: 0, riskFlags: [], version: created.body.version })
        .expect(200);
      expect(res.body).toMatchObject({ priority: created.body.priority, severity: 'ordinary', version: 2, triage: { dominant: 'rational', confirmed: true } });
      const types = (await timeline(id)).map((e) => e.type);
      expect(types).toEqual(['created', 'triaged', 'triaged']);
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const created = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
      const id = created.body.id;
      const body = { emotionalNeeds: ['vent'], rationalNeeds: [], emotionalIntensity: 2, riskFlags: [], severity: 'serious' };
      const stale = await t.http().put(`/api/v1/complaints/${id}/triage`).set(admin).set('If-Match', '"7"').send(body).expect(409);
      expect(stale.body.code).toBe('stale_version');
      const staleBody = await t.http().put(`/api/v1/complaints/${id}/triage`).set(admin).send({ ...body, version: 3 }).expect(409);
      expect(staleBody.body.code).toBe('stale_version');
      const after = await t.http().get(`/api/v1/complaints/${id}`).set(admin).expect(200);
      expect(after.body).toMatchObject({ version: 1, severity: 'ordinary', triage: { confirmed: false } });
    });

    it.each([
      ['an unknown emotional need', { emotionalNeeds: ['be_pampered'] }, 'emotionalNeeds'],
      ['an unknown rational need', { rationalNeeds: ['free_phone'] }, 'rationalNeeds'],
      ['an unknown flag', { riskFlags: ['tantrum'] }, 'riskFlags'],
      ['intensity out of range', { emotionalIntensity: 4 }, 'emotionalIntensity'],
      ['a missing list', { emotionalNeeds: undefined }, 'emotionalNeeds'],
      ['an unknown severity', { severity: 'apocalyptic' }, 'severity'],
      ['an unknown field', { mood: 'angry' }, 'mood'],
    ])('400 naming the field: %s', async (_name, patch, field) => {
      const created = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
      const body = { emotionalNeeds: [], rationalNeeds: [], emotionalIntensity: 0, riskFlags: [], ...patch };
      const res = await t.http().put(`/api/v1/complaints/${created.body.id}/triage`).set(admin).send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('404 for a complaint that does not exist, 400 for a malformed id', async () => {
      const body = { emotionalNeeds: [], rationalNeeds: [], emotionalIntensity: 0, riskFlags: [] };
      await t.http().put('/api/v1/complaints/5b0e7a52-93d4-4b8c-9d1e-0c3f2a1b4c5d/triage').set(admin).send(body).expect(404);
      await t.http().get('/api/v1/complaints/5b0e7a52-93d4-4b8c-9d1e-0c3f2a1b4c5d/triage').set(admin).expect(404);
      await t.http().get('/api/v1/complaints/nope/triage').set(admin).expect(400);
    });

    it('refuses to change the triage of a closed complaint', async () => {
      const created = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
      await t.http().post(`/api/v1/complaints/${created.body.id}/transition`).set(admin).send({ to: 'resolved' }).expect(200);
      await t.http().post(`/api/v1/complaints/${created.body.id}/transition`).set(admin).send({ to: 'closed', reason: '客户确认无需回访' }).expect(200);
      await t.http().put(`/api/v1/complaints/${created.body.id}/triage`).set(admin).send({ emotionalNeeds: [], rationalNeeds: [], emotionalIntensity: 0, riskFlags: [] }).expect(409);
    });
  });

  describe('GET /triage/corrections', () => {
    it('lists newest first with cursor pagination and a label filter', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await t.http().post('/api/v1/complaints').set(admin).send(complaintBody()).expect(201);
        ids.push(created.body.id);
        await t.http().put(`/api/v1/complaints/${created.body.id}/triage`).set(admin)
          .send({ emotionalNeeds: ['be_valued'], rationalNeeds: [], emotionalIntensity: 1, riskFlags: ['legal_threat'] })
          .expect(200);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/triage/corrections?label=legal_threat&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { body: { items: { complaintId: string; diff: { labels: string[] }; createdAt: string }[]; nextCursor: string | null } } = await t.http().get(url).set(admin).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        for (const c of page.body.items) {
          expect(c.diff.labels).toContain('legal_threat');
          seen.push(c.complaintId);
        }
        cursor = page.body.nextCursor;
      } while (cursor);
      const ours = seen.filter((id) => ids.includes(id));
      expect(ours).toEqual([...ids].reverse());
      const unrelated = await t.http().get('/api/v1/triage/corrections?label=be_valued').set(admin).expect(200);
      expect(unrelated.body.items.map((c: { complaintId: string }) => c.complaintId)).toEqual(expect.arrayContaining(ids));
    });

    it('400 for an unknown label or a bad cursor', async () => {
      const bad = await t.http().get('/api/v1/triage/corrections?label=happiness').set(admin).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('label');
      const cursor = await t.http().get('/api/v1/triage/corrections?cursor=garbage').set(admin).expect(400);
      expect(cursor.body.errors.map((e: { field: string }) => e.field)).toContain('cursor');
    });
  });
});
