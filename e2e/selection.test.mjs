// Selection in a real browser, from the year's set-up to a cleared candidate: the USA desk sets up
// and opens a year (one ALT place, blind screening, a booking cutoff of 0 hours); Ana applies
// through the browser and Ben (set up quickly through the API); two reviewers score on their
// review pages; the desk invites both, adds interview slots; each books a slot on the status
// page; the panel fills its scorecards; the desk decides (Ben short-listed, Ana alternate); Ben
// withdraws; the desk upgrades Ana with one click; Ana accepts, uploads the three clearance
// documents, and her status page says she is cleared. On the way, the desk opens the candidate's
// file from each board, and a reviewer who declared a conflict of interest reads nothing personal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, login, api, password, shots } from './server.mjs';
import { completeDraft, mailedLink, pdf, refereeLetter } from './applicants.mjs';

let env;

before(async () => {
  env = await start();
});

after(async () => {
  await env?.stop();
});

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/// Clicks what submits a form and waits for the page that answers it.
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

/// Screenshots of a page in English, Japanese and Korean (the language switch posts and returns
/// to the page), back in English afterwards. Returns the main text in each language.
async function inEveryLanguage(page, name) {
  const texts = {};
  for (const lang of ['ja', 'ko', 'en']) {
    await Promise.all([page.waitForNavigation(), page.click(`[data-testid=lang-${lang}]`)]);
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(main, /\b(file|history|section|field)-[a-z-]+\b/, `no message key on ${name} (${lang})`);
    texts[lang] = main;
    await page.screenshot({ path: join(shots, `${name}-${lang}.png`), fullPage: true });
  }
  return texts;
}

/// Ben applies through the API: a complete draft, submitted. Returns his reference and
/// application id.
async function applyThroughTheApi(browser, admin, base, yearId, missionId, email) {
  const { id, me: ben } = await completeDraft(browser, admin, base, {
    yearId, missionId, email, name: ['Lee', 'Ben'],
    sections: {
      personal: { birth_date: '2000-02-03', nationality: 'US', phone: '+1 555 0111', address: '2 Elm St, Springfield' },
      education: { qualification: 'bachelor', institution: 'City College', field_of_study: 'Education', awarded: '2030-05-20' },
      disclosures: { criminal_history: false, medical_conditions: false },
      preferences: { places: ['28'], area: 'urban' },
      statement: { statement_of_purpose: 'I coach debate and want to bring it to a Japanese classroom.' },
      logistics: { interview_location: 'Washington, D.C.', departure_group: 'Group A' },
      history: { declined_placement_last_year: false },
    },
  });
  const submitted = await ben.send('POST', `/api/v1/my/applications/${id}/submit`);
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  await ben.close();
  return { id, reference: submitted.body.reference };
}

test('a year is selected end to end: screening, interviews, decisions, an upgrade, reply and clearance', async () => {
  const { base, backend, browser } = env;
  const stamp = `${backend}.${Date.now()}`;
  const newPage = async (email, pw = password) => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await login(page, base, email, pw);
    return page;
  };

  // The administrator opens a second reviewer's account at the demo desk's mission.
  const admin = await newPage('admin@demo.kakehashi.jp');
  const adminApi = await api(browser, base, 'admin@demo.kakehashi.jp');
  const deskUser = (await adminApi.get(`/api/v1/users?search=${encodeURIComponent('mission@demo.kakehashi.jp')}`)).rows[0];
  const missionId = Number(deskUser.roles.find((r) => r.role === 'mission-staff').unit.match(/mission:(\d+)/)[1]);
  await admin.goto(`${base}/admin/users?search=${encodeURIComponent('mission@demo.kakehashi.jp')}`);
  const deskRow = await text(admin, '[data-testid=users] tbody tr');
  assert.match(deskRow, /Embassy of Japan/, 'a role shows its unit by name');
  assert.doesNotMatch(deskRow, /mission:\d/);
  const reviewerEmail = `reviewer.${stamp}@example.org`;
  const reviewerPassword = 'a long reviewer passphrase';
  await admin.fill('input[name=email]', reviewerEmail);
  await admin.fill('input[name=display_name]', 'Rae Reviewer');
  await admin.fill('input[name=password]', reviewerPassword);
  await submit(admin, 'form[method=post][action="/admin/users"] button');
  assert.match(await text(admin, '.notice'), new RegExp(reviewerEmail.replace(/\./g, '\\.')));
  await admin.goto(`${base}/admin/users?search=${encodeURIComponent(reviewerEmail)}`);
  await Promise.all([admin.waitForNavigation(), admin.click(`a:has-text("${reviewerEmail}")`)]);
  await admin.selectOption('select[name=role]', 'mission-staff');
  await admin.selectOption('select[name=unit]', `mission:${missionId}`);
  await submit(admin, 'form[action$="/roles"] button[type=submit]');
  assert.match(await text(admin, 'main ul'), /Embassy of Japan/);
  for (const [lang, main] of Object.entries(await inEveryLanguage(admin, `${backend}-admin-user`))) {
    assert.doesNotMatch(main, /mission:\d|organisation:\d/, `no unit key (${lang})`);
  }

  // The desk sets up the year: dates, one ALT place, a departure group, the selection rules.
  const desk = await newPage('mission@demo.kakehashi.jp');
  const deskName = await text(desk, '[data-testid=user-name]');
  await desk.goto(`${base}/programme-years`);
  await desk.fill('input[name=country]', 'US');
  await desk.fill('input[name=year]', '2030');
  await Promise.all([desk.waitForURL(/\/programme-years\/\d+$/), desk.click('form[action="/programme-years"] button')]);
  const yearId = Number(desk.url().match(/(\d+)$/)[1]);
  const dates = {
    applications_open: `${day(0)}T00:00`, application_deadline: `${day(30)}T23:59`, first_screening: day(31),
    interviews_from: day(33), interviews_until: day(40), results_by: day(41), reply_deadline: `${day(50)}T17:00`,
    pre_departure_orientation: day(60),
  };
  for (const [name, value] of Object.entries(dates)) await desk.fill(`input[name=${name}]`, value);
  await desk.fill('input[name=places_alt]', '1');
  await desk.fill('input[name=group_name_0]', 'Group A');
  await desk.fill('input[name=group_arrival_0]', '2030-07-24');
  await desk.check('input[name=blind_screening]');
  await desk.fill('input[name=booking_cutoff_hours]', '0');
  await desk.fill('input[name=clearance_days]', '30');
  await submit(desk, '[data-testid=year-save]');
  assert.equal(await text(desk, '.notice'), 'The programme year is saved.');
  assert.equal(await desk.inputValue('input[name=booking_cutoff_hours]'), '0');
  assert.ok(await desk.isChecked('input[name=blind_screening]'));
  assert.equal(await desk.inputValue('input[name=screening_key_0]'), 'statement');
  await submit(desk, 'button:has-text("Move the year to Recruiting")');
  assert.equal(await text(desk, '[data-testid=year-status]'), 'Recruiting');

  // Ana applies in the browser: registers, confirms her address, fills the form, uploads her
  // documents, asks two referees, submits.
  const anaEmail = `ana.${stamp}@example.org`;
  const anaPassword = 'a long applicant passphrase';
  const anaContext = await browser.newContext({ locale: 'en-US' });
  const ana = await anaContext.newPage();
  await ana.goto(`${base}/register`);
  await ana.fill('input[name=email]', anaEmail);
  await ana.fill('input[name=family_name]', 'Rivera');
  await ana.fill('input[name=given_name]', 'Ana');
  await ana.selectOption('select[name=nationality]', 'US');
  await ana.fill('input[name=password]', anaPassword);
  await submit(ana, '[data-testid=register-submit]');
  await ana.goto(await mailedLink(adminApi, base, anaEmail, 'verify-email'));
  await login(ana, base, anaEmail, anaPassword);
  await ana.goto(`${base}/my-application`);
  await ana.selectOption('select[name=year_mission]', `${yearId}:${missionId}`);
  await ana.selectOption('select[name=position]', 'ALT');
  await Promise.all([ana.waitForURL(/\/my-application\/\d+$/), ana.click('[data-testid=application-start]')]);
  const anaId = Number(ana.url().match(/(\d+)$/)[1]);
  const fill = async (section, values) => {
    for (const [name, value] of Object.entries(values)) {
      let field = ana.locator(`#section-${section} [name=${name}]`).last();
      const tag = await field.evaluate((el) => (el.tagName === 'INPUT' ? `INPUT:${el.type}` : el.tagName));
      if (tag === 'INPUT:radio') {
        field = ana.locator(`#section-${section} [name=${name}][value="${value}"]`);
        await field.check();
      } else if (tag === 'SELECT') await field.selectOption(value);
      else if (tag === 'INPUT:checkbox') { if (value) await field.check(); else await field.uncheck(); }
      else await field.fill(value);
      await field.dispatchEvent('change');
      await ana.waitForFunction((s) => document.querySelector(`#saved-${s}`)?.textContent.includes('Saved'), section);
      await ana.evaluate((s) => { document.querySelector(`#saved-${s}`).textContent = ''; }, section);
    }
  };
  await fill('personal', { birth_date: '2001-05-04', phone: '+1 555 0100', address: '1 Main St, Springfield' });
  await fill('education', { qualification: 'bachelor', institution: 'State University', field_of_study: 'Linguistics', awarded: '2030-05-20' });
  await fill('disclosures', { criminal_history: false, medical_conditions: false });
  // Places are picked by name (the page reloads on each pick, after what was saved above).
  await fill('preferences', { area: 'rural' });
  for (const [i, [typed, name]] of [['Hyogo', 'Hyogo'], ['kobe', 'Kobe City, Hyogo']].entries()) {
    await ana.fill('[data-testid=place-search]', typed);
    const result = ana.locator('[data-testid=place-result]').first();
    await result.waitFor();
    assert.equal(await result.innerText(), name);
    // Picked right after the htmx saves above, without a reload: the section's version follows.
    await result.click();
    await ana.waitForFunction((n) => document.querySelectorAll('[data-testid=place-chosen]').length === n, i + 1);
    await ana.waitForLoadState('load');
  }
  assert.deepEqual(await ana.locator('[data-testid=place-chosen]').allInnerTexts(), ['Hyogo', 'Kobe City, Hyogo']);
  await fill('statement', { statement_of_purpose: 'I want to help students find their voice in English.' });
  await fill('logistics', { interview_location: 'Washington, D.C.', departure_group: 'Group A' });
  await fill('history', { declined_placement_last_year: false });
  for (const kind of ['transcript', 'degree-proof']) {
    await ana.selectOption('#section-documents select[name=kind]', kind);
    await ana.setInputFiles('#section-documents input[type=file]', { name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: pdf(kind) });
    await submit(ana, '[data-testid=document-upload]');
  }
  for (const [name, address] of [['Prof. Ada Moss', `moss.ana.${stamp}@uni.example`], ['Dr. Ben Ito', `ito.ana.${stamp}@uni.example`]]) {
    await ana.fill('#section-referees input[name=name]', name);
    await ana.fill('#section-referees input[name=email]', address);
    await submit(ana, '[data-testid=referee-add]');
    await refereeLetter(browser, adminApi, base, address, name);
  }
  await ana.reload();
  await Promise.all([ana.waitForURL(/\/my-application$/), ana.click('[data-testid=application-submit]')]);
  assert.equal(await text(ana, '[data-testid=application-status]'), 'Submitted');
  assert.match(await text(ana, '[data-testid=next-step]'), /first screening: \d{4}-\d{2}-\d{2}/);
  const anaRef = (await ana.locator('[data-testid^=application-US-]').first().getAttribute('data-testid')).replace('application-', '');

  // Ben, quickly through the API.
  const benEmail = `ben.${stamp}@example.org`;
  const ben = await applyThroughTheApi(browser, adminApi, base, yearId, missionId, benEmail);

  // The deadline is a month away; the desk closes applications by moving the year on.
  await desk.goto(`${base}/programme-years/${yearId}`);
  await submit(desk, 'button:has-text("Move the year to Selecting")');
  assert.equal(await text(desk, '[data-testid=year-status]'), 'Selecting');

  // First screening, blind: the desk assigns both reviewers to both applications.
  await desk.goto(`${base}/dashboard`);
  await submit(desk, '[data-testid=section-mission] a:has-text("2030: United States: first screening")');
  const board = desk.locator('[data-testid=screening]');
  assert.equal(await board.locator('tbody tr').count(), 2);
  assert.doesNotMatch(await board.innerText(), /Rivera|Lee/);
  assert.match(await text(desk, `[data-testid=screening-${anaRef}]`), /hidden/);
  await desk.check(`[data-testid=screening-${anaRef}] input[name=application]`);
  await desk.check(`[data-testid=screening-${ben.reference}] input[name=application]`);
  await desk.getByLabel(deskName, { exact: true }).check();
  await desk.getByLabel('Rae Reviewer', { exact: true }).check();
  await submit(desk, '[data-testid=assign-reviewers]');
  assert.equal(await text(desk, '.notice'), '4 reviewer assignment(s) added.');
  assert.match(await text(desk, `[data-testid=screening-${anaRef}]`), /not scored yet/);

  // A third member of the desk is asked to review Ana and declares a conflict of interest.
  const conflictedEmail = `conflicted.${stamp}@example.org`;
  const created = await adminApi.send('POST', '/api/v1/users', { email: conflictedEmail, display_name: 'Cy Conflicted', password: reviewerPassword });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await adminApi.send('POST', `/api/v1/users/${created.body.id}/roles`, { role: 'mission-staff', unit: `mission:${missionId}` })).status, 200);
  await desk.goto(`${base}/programme-years/${yearId}/screening`);
  await desk.check(`[data-testid=screening-${anaRef}] input[name=application]`);
  await desk.getByLabel('Cy Conflicted', { exact: true }).check();
  await submit(desk, '[data-testid=assign-reviewers]');
  const conflicted = await newPage(conflictedEmail, reviewerPassword);
  await conflicted.goto(`${base}/reviews`);
  await submit(conflicted, `[data-testid=review-${anaRef}] a`);
  await conflicted.fill('input[name=reason]', 'Ana was my student');
  await submit(conflicted, '[data-testid=review-conflict]');
  assert.match(await text(conflicted, '[data-testid=conflict]'), /Ana was my student/);

  // The desk opens Ana's file from the screening board: blind, but the whole application.
  await desk.goto(`${base}/programme-years/${yearId}/screening`);
  await submit(desk, `[data-testid=screening-${anaRef}] [data-testid=file-link]`);
  assert.match(await text(desk, '[data-testid=blind]'), /Blind screening/);
  const blindFile = await desk.locator('main').innerText();
  assert.doesNotMatch(blindFile, /Rivera|2001-05-04|Main St/);
  assert.match(blindFile, /find their voice in English/);
  assert.equal(await desk.locator('[data-testid=file-documents] li').count(), 2);
  assert.match(await text(desk, '[data-testid=file-referees]'), /Prof\. Ada Moss/);
  assert.match(await text(desk, '[data-testid=file-reviews]'), /Cy Conflicted\s+conflict of interest declared/);
  await desk.locator('[data-testid=file-documents] summary').first().click();
  await desk.waitForFunction(() => document.querySelector('[data-testid=file-documents] iframe.document-view'));
  await inEveryLanguage(desk, `${backend}-file-blind`);

  // Each reviewer scores in the review page; they disagree on Ben.
  const review = async (page, reference, mark) => {
    await page.goto(`${base}/dashboard`);
    await submit(page, 'nav a:has-text("My reviews")');
    await submit(page, `[data-testid=review-${reference}] a`);
    assert.match(await text(page, '[data-testid=blind]'), /hidden from you/);
    assert.doesNotMatch(await page.locator('main').innerText(), /Rivera|Lee|2001-05-04/);
    for (const select of await page.locator('select[name^=score_]').all()) await select.selectOption(String(mark));
    await page.fill('textarea[name=remarks]', `Marked ${mark} throughout`);
    await submit(page, '[data-testid=review-submit]');
    assert.equal(await text(page, '.notice'), `Your score is saved: ${mark}.00.`);
  };
  const reviewer = await newPage(reviewerEmail, reviewerPassword);
  await review(desk, anaRef, 4);
  await review(desk, ben.reference, 5);
  await review(reviewer, anaRef, 4);
  await review(reviewer, ben.reference, 2);
  await desk.goto(`${base}/programme-years/${yearId}/screening`);
  assert.match(await text(desk, `[data-testid=screening-${ben.reference}]`), /Disagreement/);
  assert.match(await text(desk, `[data-testid=screening-${anaRef}]`), /Ready to decide/);
  await desk.selectOption('select[name=show]', 'disagreements');
  await desk.waitForFunction(() => document.querySelectorAll('[data-testid=screening] tbody tr').length === 1);
  assert.match(await text(desk, '[data-testid=screening] tbody tr'), new RegExp(ben.reference));
  await desk.selectOption('select[name=show]', '');
  await desk.waitForFunction(() => document.querySelectorAll('[data-testid=screening] tbody tr').length === 2);
  await desk.check(`[data-testid=screening-${anaRef}] input[name=application]`);
  await desk.check(`[data-testid=screening-${ben.reference}] input[name=application]`);
  await submit(desk, '[data-testid=advance]');
  assert.match(await text(desk, '.notice'), /^2 application\(s\) invited to interview/);

  // Names show from the invitation on, but not to the one who stepped aside.
  await conflicted.goto(`${base}/applications/${anaId}`);
  assert.match(await text(conflicted, '[data-testid=file-conflicted]'), /conflict of interest .*Ana was my student/);
  assert.doesNotMatch(await conflicted.locator('main').innerText(), /Rivera|find their voice|State University|Ada Moss/);
  await inEveryLanguage(conflicted, `${backend}-file-conflicted`);
  await desk.goto(`${base}/applications/${anaId}`);
  assert.equal(await text(desk, '[data-testid=applicant-name]'), 'Ana Rivera');

  // Interview slots, local time of the country.
  await desk.goto(`${base}/programme-years/${yearId}/interviews`);
  await desk.fill('input[name=location]', 'Embassy of Japan, Washington, D.C.');
  await desk.fill('input[name=panel]', 'Panel A');
  await desk.fill('input[name=first]', `${day(33)}T10:00`);
  await desk.fill('input[name=count]', '4');
  await desk.fill('input[name=minutes]', '20');
  await submit(desk, '[data-testid=slots-add]');
  assert.match(await text(desk, '.notice'), /^4 slot\(s\) added/);
  // The interview board is a calendar: the day's times down, its panels across.
  assert.match(await text(desk, '[data-testid=slots] caption'), new RegExp(day(33)));
  assert.match(await text(desk, '[data-testid=slots] tbody tr th'), /^10:00 E[SD]T$/);
  assert.deepEqual(await desk.locator('[data-testid=slots] thead th').allInnerTexts(), ['When', 'Panel A · Embassy of Japan, Washington, D.C.']);
  assert.equal(await desk.locator('[data-testid=slots] tbody tr').count(), 4, 'one row a time');
  assert.equal(await desk.locator('[data-testid=interview-days] a[aria-current=date]').count(), 1);
  await inEveryLanguage(desk, `${backend}-interview-calendar`);
  assert.deepEqual(await desk.locator('[data-testid=unbooked] li').allInnerTexts(), [anaRef, ben.reference]);

  // Each candidate books a slot on the status page.
  const book = async (page) => {
    await page.goto(`${base}/my-application`);
    assert.equal(await text(page, '[data-testid=application-status]'), 'Invited to interview');
    assert.match(await text(page, '[data-testid=next-step]'), /choose your interview slot below/);
    await page.locator('[data-testid=interview-slots] input[name=slot]').first().check();
    await submit(page, '[data-testid=interview-book]');
    assert.match(await text(page, '.notice'), /Your interview is booked/);
    assert.match(await text(page, '[data-testid=interview-booked]'), /at Embassy of Japan, Washington, D\.C\./);
    assert.match(await text(page, '[data-testid=next-step]'), /your interview on .* Results are announced by/);
  };
  await book(ana);
  const ics = await ana.request.get(`${base}${await ana.getAttribute('[data-testid=interview-ics]', 'href')}`);
  assert.equal(ics.headers()['content-type'], 'text/calendar; charset=utf-8');
  assert.match(await ics.text(), /BEGIN:VEVENT[\s\S]*LOCATION:Embassy of Japan\\, Washington\\, D\.C\./);
  assert.equal(await ana.locator('[data-testid=interview-cancel]').count(), 1, 'a booking can be cancelled until the cutoff');
  const benPage = await newPage(benEmail);
  await book(benPage);

  // The panel scores each interview; Ben also sits a written test.
  await desk.goto(`${base}/programme-years/${yearId}/interviews`);
  assert.match(await desk.locator('main').innerText(), /2 slot\(s\) booked\./);
  assert.match(await text(desk, 'main section.card'), /Every invited candidate has booked/);
  const scorecard = async (reference, mark) => {
    await desk.goto(`${base}/programme-years/${yearId}/interviews`);
    await submit(desk, `[data-testid=slot-booked]:has(a:text-is("${reference}")) [data-testid=scorecard-link]`);
    for (const select of await desk.locator('select[name^=score_]').all()) await select.selectOption(String(mark));
    await submit(desk, '[data-testid=scorecard-submit]');
    assert.match(await text(desk, '.notice'), /Your scorecard is saved \(1 scorecard\(s\)/);
    assert.equal(await text(desk, '[data-testid=panel-mean]'), `Panel mean: ${mark}.00`);
  };
  await scorecard(anaRef, 4);
  await scorecard(ben.reference, 5);
  assert.match(await text(desk, '[data-testid=scorecard-file]'), /I coach debate/, 'the scorecard shows the file beside the marks');
  await desk.goto(`${base}/programme-years/${yearId}/interviews`);
  await submit(desk, `[data-testid=slot-booked]:has(a:text-is("${ben.reference}")) [data-testid=file-link]`);
  assert.equal(await text(desk, '[data-testid=applicant-name]'), 'Ben Lee');
  assert.match(await text(desk, '[data-testid=file-interview]'), /Embassy of Japan/);
  assert.match(await text(desk, '[data-testid=file-scorecards]'), /5\.00/);
  await desk.goto(`${base}/programme-years/${yearId}/interviews`);
  const benSlot = desk.locator(`[data-testid=slot-booked]:has(a:text-is("${ben.reference}"))`);
  await benSlot.locator('summary').click();
  await benSlot.locator('input[name=score]').fill('80');
  await Promise.all([desk.waitForNavigation(), benSlot.locator('button').click()]);
  assert.equal(await text(desk, '.notice'), "The written test's result is saved.");

  // Decisions within the plan: the proposal fills the form; one click decides both.
  await desk.goto(`${base}/programme-years/${yearId}/decisions`);
  assert.match(await text(desk, '[data-testid=places] tbody tr'), /\(ALT\)\s+1\s+0\s+1/);
  // Every column sorts, either way, on the server (a link, no script needed).
  await submit(desk, '[data-testid=sort-0]');
  assert.deepEqual(await desk.locator('[data-testid=decisions] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.testid)), [`decision-${anaRef}`, `decision-${ben.reference}`].sort());
  await submit(desk, '[data-testid=sort-5]');
  assert.equal(await desk.getAttribute('[data-testid=decisions] th[aria-sort=descending] a', 'data-testid'), 'sort-5');
  assert.equal(await desk.locator('[data-testid=decisions] tbody tr').first().getAttribute('data-testid'), `decision-${ben.reference}`, 'the best final score first');
  await submit(desk, '[data-testid=sort-5]');
  assert.equal(await desk.locator('[data-testid=decisions] tbody tr').first().getAttribute('data-testid'), `decision-${anaRef}`, 'and the other way');
  await inEveryLanguage(desk, `${backend}-decisions-sorted`);
  assert.match(await text(desk, `[data-testid=decision-${ben.reference}]`), /Short-listed/);
  assert.match(await text(desk, `[data-testid=decision-${anaRef}]`), /alternate no\. 1/);
  assert.equal(await desk.inputValue(`select[name=outcome_${anaId}]`), 'alternate');
  assert.equal(await desk.inputValue(`input[name=rank_${anaId}]`), '1');
  await submit(desk, '[data-testid=decide]');
  assert.equal(env.audit.questions.at(-1), 'Record these decisions? Each candidate is told by mail.', 'the desk is asked first');
  assert.match(await text(desk, '.notice'), /^2 decision\(s\) recorded/);
  assert.equal(await text(desk, `[data-testid=decision-${ben.reference}] [data-testid=decision-status]`), 'Short-listed');
  assert.equal(await text(desk, `[data-testid=decision-${anaRef}] [data-testid=decision-status]`), 'Alternate');
  await submit(desk, `[data-testid=decision-${anaRef}] [data-testid=file-link]`);
  assert.match(await text(desk, '[data-testid=file-decision]'), /Alternate \(alternate no\. 1\)/);
  assert.match(await text(desk, '[data-testid=file-history]'), /Decided → Alternate/);
  assert.match(await text(desk, '[data-testid=file-history]'), /Application submitted → Submitted\s+The applicant/);
  assert.match(await text(desk, '[data-testid=file-history]'), /Form saved \(\d+ times\)\s+The applicant/, 'repeated saves read as one line');
  await inEveryLanguage(desk, `${backend}-file-decided`);

  // Ana is told where she stands; Ben sees his offer, then withdraws.
  await ana.goto(`${base}/my-application`);
  assert.match(await text(ana, '[data-testid=next-step]'), /You are alternate number 1\./);
  await benPage.goto(`${base}/my-application`);
  assert.equal(await text(benPage, '[data-testid=application-status]'), 'Short-listed');
  assert.match(await text(benPage, '[data-testid=reply-deadline]'), new RegExp(`Please reply by ${day(50)} 17:00`));
  await benPage.goto(`${base}/my-application/${ben.id}`);
  await benPage.fill('input[name=reason]', 'I accepted another job');
  // Asked first; saying no leaves the application as it was.
  env.audit.sayNoOnce = true;
  await benPage.click('form[action$="/withdraw"] button');
  assert.match(env.audit.questions.at(-1), /Withdraw your application\? This cannot be undone\./);
  await benPage.goto(`${base}/my-application`);
  assert.equal(await text(benPage, '[data-testid=application-status]'), 'Short-listed', 'not withdrawn after saying no');
  await benPage.goto(`${base}/my-application/${ben.id}`);
  await benPage.fill('input[name=reason]', 'I accepted another job');
  await Promise.all([benPage.waitForURL(/\/my-application$/), benPage.click('form[action$="/withdraw"] button')]);
  assert.equal(await text(benPage, '[data-testid=application-status]'), 'Withdrawn');

  // The freed place: the board proposes Ana; one click upgrades her.
  await desk.goto(`${base}/programme-years/${yearId}/decisions`);
  assert.match(await text(desk, '[data-testid=upgrades]'), new RegExp(`1 place\\(s\\) free \\(.*ALT\\)\\): ${anaRef}`));
  await submit(desk, `[data-testid=upgrade-${anaRef}]`);
  assert.equal(await text(desk, '.notice'), `${anaRef} is upgraded to the short-list and told by mail.`);
  assert.equal(await text(desk, `[data-testid=decision-${anaRef}] [data-testid=decision-status]`), 'Short-listed');

  // Ana accepts and sends her clearance documents; then she is cleared.
  await ana.goto(`${base}/my-application`);
  assert.equal(await text(ana, '[data-testid=application-status]'), 'Short-listed');
  assert.match(await text(ana, '[data-testid=next-step]'), /accept or decline the offer below by/);
  await submit(ana, '[data-testid=reply-accept]');
  assert.match(await text(ana, '.notice'), /Thank you for accepting/);
  assert.equal(await text(ana, '[data-testid=application-status]'), 'Accepted');
  assert.match(await text(ana, '[data-testid=next-step]'), /send your clearance documents below by/);
  for (const kind of ['police-certificate', 'health-certificate', 'graduation-proof']) {
    const item = ana.locator(`[data-testid=clearance-${kind}]`);
    await item.locator('input[type=file]').setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: pdf(kind) });
    await Promise.all([ana.waitForNavigation(), item.locator('button').click()]);
    assert.match(await text(ana, '.notice'), /^Received: /);
    assert.equal(await text(ana, `[data-testid=clearance-${kind}] [data-testid=clearance-received]`), 'received');
  }
  assert.equal(await text(ana, '[data-testid=application-status]'), 'Cleared');
  assert.match(await text(ana, '[data-testid=next-step]'), /All your clearance documents are in\. Next: your placement/);
  await ana.screenshot({ path: join(shots, `${backend}-selection-cleared.png`), fullPage: true });
  await Promise.all([ana.waitForNavigation(), ana.click('[data-testid=lang-ja]')]);
  assert.equal(await text(ana, '[data-testid=application-status]'), '手続完了');
  assert.match(await text(ana, '[data-testid=next-step]'), /提出書類はすべてそろいました/);

  await desk.goto(`${base}/programme-years/${yearId}/decisions`);
  assert.equal(await text(desk, `[data-testid=decision-${anaRef}] [data-testid=decision-status]`), 'Cleared');
  await desk.screenshot({ path: join(shots, `${backend}-selection-decisions.png`), fullPage: true });
  await adminApi.close();
});
