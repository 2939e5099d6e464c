// Faithful programme-year cycles in a real browser (issue 14, items 7, 9 to 12). The USA desk sets
// up a year whose deadline is stated in Hawaii time (Pacific/Honolulu), a few minutes ahead of the
// real clock, with an April group beside the summer groups and the optional steps; two applicants
// prepare complete drafts; the first submits in the page and is taken; the desk moves the deadline
// to a minute behind the real clock; the second submits in the page and is refused with a message
// naming the deadline as the year states it. The status page shows when each done step happened
// and each coming step's planned date. The demo's closed year is read-only, and the demo's Korea
// year carries Korea's own steps. Screenshots: the year page, the years list and the applicant's
// status page in English, Japanese and Korean (the status page also at 390 px).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, login, api, password, shots } from './server.mjs';
import { completeDraft } from './applicants.mjs';

let env;

before(async () => {
  env = await start();
});

after(async () => {
  await env?.stop();
});


/// Clicks what submits a form and waits for the page that answers it.
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

/// The wall-clock time in Honolulu (UTC-10 all year: Hawaii keeps no daylight saving), `offset`
/// minutes from now, as `YYYY-MM-DDTHH:MM` and as the year page states it.
function honolulu(offsetMinutes) {
  const t = new Date(Date.now() + offsetMinutes * 60_000 - 10 * 3_600_000);
  const local = t.toISOString().slice(0, 16);
  return { local, stated: `${local.replace('T', ' ')} HST (Pacific/Honolulu)` };
}

/// Screenshots of a page in English, Japanese and Korean (the language switch posts and returns
/// to the page), back in English afterwards. Returns the main text in each language.
async function inEveryLanguage(page, name) {
  const texts = {};
  for (const lang of ['ja', 'ko', 'en']) {
    await Promise.all([page.waitForNavigation(), page.click(`[data-testid=lang-${lang}]`)]);
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(main, /\b(step|year|label|error)-[a-z-]+\b/, `no message key on ${name} (${lang})`);
    assert.doesNotMatch(main, /\b[a-z]+_[a-z_]+\b/, `no field name on ${name} (${lang})`);
    texts[lang] = main;
    await page.screenshot({ path: join(shots, `${name}-${lang}.png`), fullPage: true });
  }
  return texts;
}

/// An applicant from Honolulu with a complete draft (see `completeDraft`). Returns its id.
async function draftFromHonolulu(browser, admin, base, yearId, missionId, email, name) {
  const { id, me } = await completeDraft(browser, admin, base, {
    yearId, missionId, email, name,
    sections: {
      personal: { birth_date: '2000-02-03', nationality: 'US', phone: '+1 808 555 0111', address: '2 Kapiolani Blvd, Honolulu' },
      education: { qualification: 'bachelor', institution: 'University of Hawaii', field_of_study: 'Education', awarded: '2031-05-20' },
      disclosures: { criminal_history: false, medical_conditions: false },
      preferences: { places: ['28'], area: 'urban' },
      statement: { statement_of_purpose: 'I want to bring island stories to a Japanese classroom.' },
      logistics: { interview_location: 'Washington, D.C.', departure_group: 'Group A' },
      history: { declined_placement_last_year: false },
    },
  });
  await me.close();
  return id;
}

test('a USA year with a Hawaii deadline takes a submission before it and refuses one after it', async () => {
  const { base, backend, browser } = env;
  const stamp = `${backend}.${Date.now()}`;
  const newPage = async (email, pw = password, viewport) => {
    const context = await browser.newContext({ locale: 'en-US', ...(viewport ? { viewport } : {}) });
    const page = await context.newPage();
    await login(page, base, email, pw);
    return page;
  };
  const admin = await api(browser, base, 'admin@demo.kakehashi.jp');
  const deskUser = (await admin.get(`/api/v1/users?search=${encodeURIComponent('mission@demo.kakehashi.jp')}`)).rows[0];
  const missionId = Number(deskUser.roles.find((r) => r.role === 'mission-staff').unit.match(/mission:(\d+)/)[1]);

  // The desk sets up the year: the deadline in Hawaii time, five minutes ahead of the real clock.
  const desk = await newPage('mission@demo.kakehashi.jp');
  await desk.goto(`${base}/programme-years`);
  await desk.fill('input[name=country]', 'US');
  await desk.fill('input[name=year]', '2031');
  await Promise.all([desk.waitForURL(/\/programme-years\/\d+$/), desk.click('form[action="/programme-years"] button')]);
  assert.match(await text(desk, '.notice'), /open for set-up/);
  const yearId = Number(desk.url().match(/(\d+)$/)[1]);
  const ahead = honolulu(5);
  const dates = {
    deadline_time_zone: 'Pacific/Honolulu', applications_open: honolulu(-60).local, application_deadline: ahead.local,
    second_round_list: '2030-12-20', interviews_from: '2031-01-27', interviews_until: '2031-02-07', results_by: '2031-04-15',
    reply_deadline: '2031-04-30T17:00', placement_notices: '2031-05-20', pre_departure_orientation: '2031-07-10',
  };
  for (const [name, value] of Object.entries(dates)) await desk.fill(`input[name=${name}]`, value);
  await desk.fill('input[name=places_alt]', '10');
  // An April group with its own orientation, beside the summer groups.
  // The form has two empty rows; a save gives two more.
  const groups = [['April', '2031-04-07', '2031-03-27'], ['Group A', '2031-07-28', ''], ['Group B', '2031-08-04', '']];
  for (const [i, [name, arrival, orientation]] of groups.entries()) {
    if (i === 2) {
      await submit(desk, '[data-testid=year-save]');
      assert.equal(await text(desk, '.notice'), 'The programme year is saved.');
    }
    await desk.fill(`input[name=group_name_${i}]`, name);
    await desk.fill(`input[name=group_arrival_${i}]`, arrival);
    if (orientation) await desk.fill(`input[name=group_orientation_${i}]`, orientation);
  }
  await submit(desk, '[data-testid=year-save]');
  assert.equal(await text(desk, '.notice'), 'The programme year is saved.');
  assert.equal(await desk.inputValue('input[name=group_name_2]'), 'Group B');
  assert.equal(await text(desk, '[data-testid=deadline-stated]'), `Application deadline: ${ahead.stated}`);
  assert.equal(await desk.inputValue('input[name=group_orientation_0]'), '2031-03-27');
  await submit(desk, 'button:has-text("Move the year to Recruiting")');
  assert.equal(await text(desk, '.notice'), 'The programme year is now: Recruiting.');
  await inEveryLanguage(desk, `${backend}-cycles-year`);
  await desk.goto(`${base}/programme-years`);
  const row = await text(desk, `[data-testid=programme-years] tr:has(a[href="/programme-years/${yearId}"])`);
  assert.ok(row.includes(ahead.stated), `the list states the deadline: ${row}`);
  await inEveryLanguage(desk, `${backend}-cycles-years`);

  // Two applicants prepare complete drafts.
  const first = `kai.${stamp}@example.org`;
  const second = `noe.${stamp}@example.org`;
  const firstId = await draftFromHonolulu(browser, admin, base, yearId, missionId, first, ['Kealoha', 'Kai']);
  const secondId = await draftFromHonolulu(browser, admin, base, yearId, missionId, second, ['Akana', 'Noe']);

  // Before the deadline: the first submits in the page and is taken.
  const kai = await newPage(first);
  await kai.goto(`${base}/my-application`);
  const planned = await text(kai, '[data-step=step-submit]');
  assert.ok(planned.includes(`planned: ${ahead.stated}`), `the deadline as the year states it: ${planned}`);
  await kai.goto(`${base}/my-application/${firstId}`);
  await submit(kai, '[data-testid=application-submit]');
  await kai.goto(`${base}/my-application`);
  assert.equal(await text(kai, '[data-testid=application-status]'), 'Submitted');
  const done = await text(kai, '[data-step=step-submit]');
  assert.match(done, /done · \d{4}-\d\d-\d\d \d\d:\d\d HST/, `the submission shows when it happened: ${done}`);
  assert.equal(await kai.getAttribute('[data-step=step-second-round]', 'data-state'), 'upcoming');
  assert.ok((await text(kai, '[data-step=step-second-round]')).includes('planned: 2030-12-20'));
  assert.ok((await text(kai, '[data-step=step-placement]')).includes('planned: 2031-05-20'));
  assert.ok((await text(kai, '[data-step=step-arrival]')).includes('planned: 2031-07-28'), 'Group A arrives on its own date');
  for (const step of await kai.locator('[data-state=done]').all()) {
    assert.match(await step.innerText(), /\d\d:\d\d|\d{4}-\d\d-\d\d/, 'no step is done without a time');
  }
  await inEveryLanguage(kai, `${backend}-cycles-status`);
  const narrow = await newPage(first, password, { width: 390, height: 844 });
  await narrow.goto(`${base}/my-application`);
  const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
  await inEveryLanguage(narrow, `${backend}-cycles-status-390`);

  // The desk moves the deadline to a minute behind the real clock.
  const behind = honolulu(-1);
  await desk.goto(`${base}/programme-years/${yearId}`);
  await desk.fill('input[name=application_deadline]', behind.local);
  await desk.fill('input[name=applications_open]', honolulu(-120).local);
  await submit(desk, '[data-testid=year-save]');
  assert.equal(await text(desk, '[data-testid=deadline-stated]'), `Application deadline: ${behind.stated}`);

  // After the deadline: the second submits in the page and is refused, naming the deadline.
  const noe = await newPage(second);
  await noe.goto(`${base}/my-application/${secondId}`);
  await submit(noe, '[data-testid=application-submit]');
  const refused = await text(noe, '.errors');
  assert.ok(refused.includes(`the deadline has passed: ${behind.stated}`), `refused naming the deadline: ${refused}`);
  await noe.goto(`${base}/my-application`);
  assert.equal(await text(noe, '[data-testid=application-status]'), 'Draft');

  // The demo's closed year of the USA is read-only.
  const years = await (await api(browser, base, 'mission@demo.kakehashi.jp')).get('/api/v1/programme-years');
  const closed = years.find((y) => y.status === 'closed' && y.country_code === 'US');
  assert.equal(closed.editable, false);
  await desk.goto(`${base}/programme-years/${closed.id}`);
  assert.match(await text(desk, '[data-testid=year-read-only]'), /closed/);
  assert.equal(await desk.locator('[data-testid=year-save]').count(), 0, 'no save button');
  assert.ok(await desk.isDisabled('input[name=places_alt]'), 'the inputs are read-only');
  await desk.screenshot({ path: join(shots, `${backend}-cycles-closed-year-en.png`), fullPage: true });
  const recruiting = years.find((y) => y.country_code === 'US' && y.year === 2027);
  assert.equal(recruiting.deadline_time_zone, 'Pacific/Honolulu', 'the demo USA year closes at 23:59 Hawaii time');
  assert.match(recruiting.application_deadline_stated, / 23:59 HST \(Pacific\/Honolulu\)$/);

  // CLAIR reads the demo's Korea year: its second-round list and Korea's own rules.
  const clair = await api(browser, base, 'clair@demo.kakehashi.jp');
  const korea = (await clair.get('/api/v1/programme-years')).find((y) => y.country_code === 'KR' && y.year === 2027);
  assert.equal(korea.rules.cir_jlpt_level, 'N1', 'Korea asks CIRs for JLPT N1');
  assert.ok(korea.second_round_list, 'Korea carries its second-round list');
  const clairPage = await newPage('clair@demo.kakehashi.jp');
  await clairPage.goto(`${base}/programme-years/${korea.id}`);
  assert.equal(await clairPage.inputValue('input[name=second_round_list]'), korea.second_round_list);
  assert.match(await text(clairPage, '[data-testid=cir-japanese]'), /JLPT N1 certificate/);
  await clairPage.screenshot({ path: join(shots, `${backend}-cycles-korea-year-en.png`), fullPage: true });
});
