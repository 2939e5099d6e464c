// Placement in a real browser, from a request to a notice: the supervisor of a city in Hyogo
// writes an ALT request (one place, elementary schools) and submits it; the Hyogo Prefectural
// Board of Education forwards it to CLAIR; CLAIR runs the engine twice (stable, welfare), waits
// for each run on its page, compares them, finds a cleared US candidate who stated Hyogo first,
// reads why they are where they are, previews the cost of moving them to the city's request,
// moves them with a reason and approves the run. The candidate's status page shows the notice
// with the city's name, and the city sees them among its incoming participants.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, login, shots } from './server.mjs';

let env;

before(async () => {
  env = await start();
});

after(async () => {
  await env?.stop();
});

const YEAR = 2027;

/// Clicks what submits a form and waits for the page that answers it.
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function session(browser, base, email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await login(page, base, email);
  return page;
}

/// Starts a run in a mode from CLAIR's page and waits on the run's own page until it is done.
async function startRun(page, base, mode) {
  await page.goto(`${base}/placement?year=${YEAR}`);
  await page.selectOption('[data-testid=run-mode]', mode);
  await Promise.all([page.waitForURL(/\/placement\/runs\/\d+$/), page.click('[data-testid=run-start]')]);
  const id = Number(page.url().match(/\/placement\/runs\/(\d+)$/)[1]);
  // The page refreshes itself (htmx) while the run works.
  await page.waitForSelector('[data-testid=run][data-status=done]', { timeout: 120_000 });
  assert.ok((await page.locator('[data-testid=run-figures]').innerText()).length > 0, `run ${id} has figures`);
  return id;
}

/// The map of Japan beside its table: 47 prefectures in code order, each shaded by the class its
/// figure falls in, so a larger figure is never lighter (by the colour the browser paints), and a
/// prefecture without a figure hatched; each figure the one the table gives (`figureOf` reads a
/// row). Each prefecture links where its row in the table does.
async function assertMap(page, table, figureOf) {
  const areas = await page.locator('[data-testid=map] path[data-prefecture]').evaluateAll((paths) =>
    paths.map((p) => ({
      code: Number(p.dataset.prefecture),
      value: p.dataset.value === undefined ? null : Number(p.dataset.value),
      rank: p.dataset.class === undefined ? null : Number(p.dataset.class),
      look: p.getAttribute('class'),
      fill: getComputedStyle(p).fill,
      href: p.closest('a')?.getAttribute('href') ?? null,
    })));
  assert.deepEqual(areas.map((a) => a.code), Array.from({ length: 47 }, (_, i) => i + 1), '47 prefectures on the map');
  const rows = await page.locator(`[data-testid=${table}] tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => ({ href: tr.querySelector('a')?.getAttribute('href'), cells: [...tr.cells].map((c) => c.innerText.trim()) })));
  const luminance = (fill) => {
    const [r, g, b] = fill.match(/\d+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  for (const a of areas) {
    const row = rows.find((r) => r.href === a.href);
    assert.ok(row && a.href.endsWith(`prefecture=${a.code}`), `prefecture ${a.code} links to its requests, as its row does`);
    assert.equal(a.value, figureOf(row.cells), `prefecture ${a.code}: the map's figure is the table's`);
    if (a.value === null) assert.match(a.fill, /url\(/, `prefecture ${a.code} without a figure is hatched`);
    else assert.match(a.fill, /^rgb/, `prefecture ${a.code} is shaded`);
  }
  const shaded = areas.filter((a) => a.value !== null).sort((a, b) => a.value - b.value);
  assert.ok(shaded.length > 0, 'some prefectures have a figure');
  for (const [lower, higher] of shaded.slice(1).map((a, i) => [shaded[i], a])) {
    assert.ok(higher.rank >= lower.rank, `${higher.value} is not in a lower class than ${lower.value}`);
    if (higher.rank === lower.rank) assert.equal(higher.fill, lower.fill, 'one class, one colour');
    else assert.ok(luminance(higher.fill) < luminance(lower.fill), `more (${higher.value}) is darker than less (${lower.value})`);
  }
  const title = await page.locator('[data-testid=map]').getAttribute('aria-describedby');
  assert.equal(await page.locator(`[data-testid=${table}] caption#${title}`).count(), 1, 'the map names its table');
  assert.ok((await page.locator('[data-testid=map-key] .map-key-item').count()) >= 2, 'a legend');
}

/// A page with a map in each language, each looked at (screenshots), ending in English.
async function mapInEveryLanguage(page, name, table, figureOf) {
  for (const lang of ['ja', 'ko', 'en']) {
    await Promise.all([page.waitForNavigation(), page.click(`[data-testid=lang-${lang}]`)]);
    await assertMap(page, table, figureOf);
    await page.screenshot({ path: join(shots, `${name}-${lang}.png`), fullPage: true });
  }
}

test('a request is forwarded, placed by a run, moved by hand, approved and notified', async () => {
  const { base, backend, browser } = env;

  // The cleared candidate's reference, from their own status page.
  const candidate = await session(browser, base, 'cleared@demo.kakehashi.jp');
  await candidate.goto(`${base}/my-application`);
  const card = candidate.locator('section[data-testid^="application-"]').first();
  const reference = (await card.getAttribute('data-testid')).replace('application-', '');
  assert.equal(await card.locator('[data-testid=application-status]').count(), 1);
  assert.equal(await candidate.locator('[data-testid=placement-notice]').count(), 0, 'no placement yet');

  // The city writes its request and submits it for review.
  const town = await session(browser, base, 'town@demo.kakehashi.jp');
  await town.goto(`${base}/placement/requests?year=${YEAR}`);
  assert.equal(await town.locator('[data-testid=requests] tbody tr').count(), 0, 'no request yet');
  await submit(town, '[data-testid=new-request]');
  assert.match(town.url(), /\/placement\/requests\/new\?/);
  await town.selectOption('[data-testid=request-position]', 'ALT');
  await town.fill('[data-testid=request-places]', '1');
  await town.check('[data-testid=level-elementary]');
  await town.fill('[data-testid=request-schools]', '3');
  await Promise.all([
    town.waitForURL(/\/placement\/requests\/\d+$/),
    town.click('[data-testid=request-submit]'),
  ]);
  const requestId = Number(town.url().match(/\/placement\/requests\/(\d+)$/)[1]);
  assert.equal(await town.locator('.notice[role=status]').count(), 1, 'saved notice');
  await town.goto(`${base}/placement/requests?year=${YEAR}`);
  assert.equal(await town.locator(`[data-testid=request-${requestId}]`).getAttribute('data-status'), 'submitted');

  // The prefecture's board forwards it.
  const board = await session(browser, base, 'co@demo.kakehashi.jp');
  await board.goto(`${base}/placement/requests?year=${YEAR}&status=submitted`);
  const row = board.locator(`[data-testid=request-${requestId}]`);
  await submit(board, `[data-testid=request-${requestId}] [data-testid=request-forward]`);
  assert.equal(await board.locator('.notice[role=status]').count(), 1, 'forwarded notice');
  await board.goto(`${base}/placement/requests?year=${YEAR}`);
  assert.equal(await row.getAttribute('data-status'), 'forwarded');

  // CLAIR: the national picture, two runs, compared.
  const clair = await session(browser, base, 'clair@demo.kakehashi.jp');
  await clair.goto(`${base}/placement/requests?year=${YEAR}&prefecture=28`);
  const townName = (await clair.locator(`[data-testid=request-${requestId}] [data-testid=request-open]`).innerText()).trim();
  await clair.goto(`${base}/placement?year=${YEAR}`);
  assert.equal(await clair.locator('[data-testid=picture-positions] tbody tr').count(), 3);
  assert.equal(await clair.locator('[data-testid=finding-blocking]').count(), 0, 'nothing blocks a run');
  // The national picture's map: places requested (the table's third column), none hatched.
  const places = (cells) => (Number(cells[2]) > 0 ? Number(cells[2]) : null);
  await mapInEveryLanguage(clair, `${backend}-placement-national`, 'picture-prefectures', places);
  // On a phone the map takes the width and the table follows it.
  await clair.setViewportSize({ width: 390, height: 844 });
  await clair.screenshot({ path: join(shots, `${backend}-placement-national-390.png`), fullPage: true });
  await clair.setViewportSize({ width: 1280, height: 900 });
  const stable = await startRun(clair, base, 'stable');
  // The run's map: the share of seats filled (seats, filled: the table's second and third
  // columns), a prefecture without seats hatched.
  const share = (cells) => (Number(cells[1]) > 0 ? Math.floor((Number(cells[2]) * 100) / Number(cells[1])) : null);
  await mapInEveryLanguage(clair, `${backend}-placement-run`, 'run-prefectures', share);
  const welfare = await startRun(clair, base, 'welfare');
  assert.notEqual(stable, welfare);
  await clair.goto(`${base}/placement?year=${YEAR}`);
  await clair.selectOption('[data-testid=compare-form] select[name=a]', String(stable));
  await clair.selectOption('[data-testid=compare-form] select[name=b]', String(welfare));
  await Promise.all([clair.waitForURL(/\/placement\/compare\?/), clair.click('[data-testid=compare-submit]')]);
  assert.ok((await clair.locator('[data-testid=compare-figures] tbody tr').count()) >= 8);
  assert.ok((await clair.locator('[data-testid=compare-prefectures] tbody tr').count()) > 10);

  // The stable run: find the candidate, read the explanation, preview and make the move.
  await clair.goto(`${base}/placement/runs/${stable}`);
  await clair.fill('[data-testid=find]', reference);
  const found = clair.locator(`[data-testid=found-${reference}] a`);
  await found.waitFor();
  await submit(clair, `[data-testid=found-${reference}] a`);
  assert.match(clair.url(), new RegExp(`/placement/runs/${stable}/candidates/\\d+$`));
  const explanation = clair.locator('[data-testid=explanation] tbody tr');
  assert.ok((await explanation.count()) > 0, 'the candidate has a list');
  assert.equal(await clair.locator(`[data-testid=explanation] tr[data-request="${requestId}"]`).count(), 1, 'the city is on their list');

  const option = clair.locator(`[data-testid=move-request] option[value="${requestId}"]`);
  const [filled, seats] = (await option.innerText()).trim().split(' ').pop().split('/').map(Number);
  const alreadyThere = (await clair.locator(`tr[data-request="${requestId}"][data-testid=explanation-current]`).count()) === 1;
  const current = clair.locator('[data-testid=explanation-current]');
  const engineChoice = (await current.count()) === 1 ? await current.getAttribute('data-request') : null;
  if (filled >= seats && !alreadyThere) {
    // Someone else holds the city's one seat: take them out first.
    const candidatePage = clair.url();
    await clair.goto(`${base}/placement/runs/${stable}?find=${encodeURIComponent(townName)}`);
    const holder = clair.locator(`[data-testid=finder] tr[data-request="${requestId}"] a`).first();
    await Promise.all([clair.waitForNavigation(), holder.click()]);
    await clair.selectOption('[data-testid=move-request]', 'none');
    await clair.locator('[data-testid=move-cost] h3').waitFor();
    await clair.fill('[data-testid=move-reason]', 'Making room for a candidate the city asked for');
    await submit(clair, '[data-testid=move-submit]');
    assert.equal(await clair.locator('.notice[role=status]').count(), 1, 'moved out');
    await clair.goto(candidatePage);
  }
  await clair.selectOption('[data-testid=move-request]', String(requestId));
  await clair.locator('[data-testid=move-cost] h3').waitFor();
  const cost = await clair.locator('[data-testid=move-cost]').innerText();
  assert.match(cost, new RegExp(townName));
  assert.match(cost, /blocking pairs: \d+ before, \d+ after/);
  await clair.fill('[data-testid=move-reason]', 'The city has a sister-school link with the candidate’s home town');
  await submit(clair, '[data-testid=move-submit]');
  assert.equal(await clair.locator('.notice[role=status]').count(), 1, 'moved');
  assert.match(await clair.locator('.notice[role=status]').innerText(), /blocking pairs: \d+ before, \d+ after/);
  assert.match(clair.url(), /\/placement\/runs\/\d+\/candidates\/\d+$/, 'the move answered with a redirect');
  assert.match(await clair.locator('[data-testid=candidate-facts]').innerText(), new RegExp(townName));
  if (engineChoice !== null && engineChoice !== String(requestId)) {
    // Where the engine had put them stays marked on their list.
    const marked = clair.locator('[data-testid=explanation-engine-placed]');
    assert.equal(await marked.count(), 1);
    assert.equal(await marked.locator('xpath=ancestor::tr').getAttribute('data-request'), engineChoice);
  }
  await clair.screenshot({ path: join(shots, `${backend}-placement-candidate.png`), fullPage: true });

  // The committee approves the run: it is locked.
  await clair.goto(`${base}/placement/runs/${stable}`);
  await clair.fill('[data-testid=approve-note]', 'Placement committee, 10 April: approved');
  await submit(clair, '[data-testid=run-approve]');
  assert.equal(await clair.locator('[data-testid=run]').getAttribute('data-status'), 'approved');
  assert.equal(await clair.locator('[data-testid=run-locked]').count(), 1);
  assert.equal(await clair.locator('[data-testid=approve]').count(), 0, 'nothing left to approve');

  // The candidate reads the notice; the city sees who comes.
  await candidate.goto(`${base}/my-application`);
  const notice = candidate.locator('[data-testid=placement-notice]');
  assert.match(await notice.innerText(), new RegExp(townName));
  assert.equal(await candidate.locator('[data-testid=placement-decline-form]').count(), 1, 'declining is offered');
  assert.match(await candidate.locator('[data-testid=next-step]').innerText(), /Your placement is below/);
  assert.equal(await candidate.locator('li.step.done[data-step=step-placement]').count(), 1, 'the placement step is done');
  await candidate.screenshot({ path: join(shots, `${backend}-placement-notice.png`), fullPage: true });
  await town.goto(`${base}/placement/incoming?year=${YEAR}`);
  assert.equal(await town.locator(`[data-testid=incoming-${reference}]`).count(), 1, 'the city sees the candidate');
});
