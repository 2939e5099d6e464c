// The applicant's journey in a real browser: the USA desk opens a programme year; a newcomer
// registers, confirms the address from the mailed link, starts an application, fills the form
// section by section (saved as they go), submits, and sees where they stand in Japanese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, login, api, shots } from './server.mjs';

let env;

before(async () => {
  env = await start();
});

after(async () => {
  await env?.stop();
});

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test('an applicant registers, fills the form, submits and sees the status', async () => {
  const { base, backend, browser } = env;
  // The USA desk opens the next year, with its deadline a month away.
  const desk = await api(browser, base, 'mission@demo.kakehashi.jp');
  const created = await desk.send('POST', '/api/v1/programme-years', { country: 'US', year: 2029 });
  assert.equal(created.status, 201);
  const yearId = created.body.id;
  const saved = await desk.send('PUT', `/api/v1/programme-years/${yearId}`, {
    applications_open: `${day(0)}T00:00`, application_deadline: `${day(30)}T23:59`, places_alt: 2700, places_cir: 110,
    departure_groups: [{ name: 'Group A', arrival_date: '2029-07-24' }], version: 1,
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal((await desk.send('POST', `/api/v1/programme-years/${yearId}/status`, { status: 'recruiting', version: 2 })).status, 200);

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await Promise.all([page.waitForURL(/\/register$/), page.click('[data-testid=register-link]')]);
  const email = `applicant.${backend}.${Date.now()}@example.org`;
  await page.fill('input[name=email]', email);
  await page.fill('input[name=family_name]', 'Rivera');
  await page.fill('input[name=given_name]', 'Ana');
  await page.selectOption('select[name=nationality]', 'US');
  await page.fill('input[name=password]', 'a long applicant passphrase');
  await page.click('[data-testid=register-submit]');
  await page.waitForSelector('.notice');

  // The verification link, as the mail in the outbox carries it.
  const admin = await api(browser, base, 'admin@demo.kakehashi.jp');
  const mails = await admin.get(`/api/v1/outbox?search=${encodeURIComponent(email)}`);
  const body = mails.rows.find((m) => m.template === 'verify-email').body;
  const link = body.slice(body.indexOf(base)).split(/\s/)[0];
  await page.goto(link);
  assert.match(await page.locator('[data-testid=verify-result]').innerText(), /confirmed/);

  await login(page, base, email, 'a long applicant passphrase');
  await page.goto(`${base}/my-application`);
  await page.selectOption('select[name=year_mission]', { index: 0 });
  await page.selectOption('select[name=position]', 'ALT');
  await Promise.all([page.waitForURL(/\/my-application\/\d+$/), page.click('[data-testid=application-start]')]);

  // What is missing is named by the labels of the form, each linked to its section; no code.
  const missing = await page.locator('[data-testid=missing]').innerText();
  assert.match(missing, /Date of birth/);
  assert.match(missing, /I have a criminal history to declare/);
  assert.match(missing, /Two letters of reference/);
  assert.doesNotMatch(missing, /personal\.|disclosures\.|referees\.|_/);
  assert.equal(await page.getAttribute('[data-testid=missing] a:has-text("Date of birth")', 'href'), '#section-personal');
  // The form on a phone, in each language: looked at, and no sideways scrolling at 360 px.
  for (const lang of ['ja', 'ko', 'en']) {
    await Promise.all([page.waitForNavigation(), page.click(`[data-testid=lang-${lang}]`)]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, `${backend}-apply-form-390-${lang}.png`), fullPage: true });
    await page.locator('#section-disclosures').screenshot({ path: join(shots, `${backend}-apply-disclosures-390-${lang}.png`) });
    await page.locator('[data-testid=missing]').screenshot({ path: join(shots, `${backend}-apply-missing-390-${lang}.png`) });
    await page.setViewportSize({ width: 360, height: 780 });
    const wide = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const over = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1);
      const named = over.filter((e) => !over.includes(e.parentElement)).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id} "${e.textContent.trim().slice(0, 30)}" ${Math.round(e.getBoundingClientRect().width)}px`);
      return { by: document.documentElement.scrollWidth - width, named };
    });
    assert.ok(wide.by <= 0, `the form scrolls sideways by ${wide.by} px at 360 px (${lang}): ${wide.named.join(', ')}`);
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  // Each section saves itself when a field changes (htmx); the page's version follows each save.
  const fill = async (section, values) => {
    for (const [name, value] of Object.entries(values)) {
      let field = page.locator(`#section-${section} [name=${name}]`).last();
      const tag = await field.evaluate((el) => (el.tagName === 'INPUT' ? `INPUT:${el.type}` : el.tagName));
      if (tag === 'INPUT:radio') {
        field = page.locator(`#section-${section} [name=${name}][value="${value}"]`);
        await field.check();
      } else if (tag === 'SELECT') await field.selectOption(value);
      else if (tag === 'INPUT:checkbox') { if (value) await field.check(); else await field.uncheck(); }
      else await field.fill(value);
      await field.dispatchEvent('change');
      await page.waitForFunction((s) => document.querySelector(`#saved-${s}`)?.textContent.includes('Saved'), section);
      await page.evaluate((s) => { document.querySelector(`#saved-${s}`).textContent = ''; }, section);
    }
  };
  await fill('personal', { birth_date: '2001-05-04', phone: '+1 555 0100', address: '1 Main St, Springfield' });
  await fill('education', { qualification: 'bachelor', institution: 'State University', field_of_study: 'Linguistics', awarded: '2029-05-20' });
  await fill('disclosures', { criminal_history: false, medical_conditions: false });
  await fill('preferences', { area: 'rural' });
  // Places by name, in Japanese: typing searches as the applicant goes (htmx), a result is
  // picked, and the choices read by name, best first, after a reload; never a code typed.
  await Promise.all([page.waitForNavigation(), page.click('[data-testid=lang-ja]')]);
  await page.setViewportSize({ width: 360, height: 780 });
  for (const [typed, name] of [['さっぽろ', '札幌市（北海道）'], ['ひょうご', '兵庫県']]) {
    await page.fill('[data-testid=place-search]', typed);
    const result = page.locator('[data-testid=place-result]').first();
    await result.waitFor();
    assert.equal(await result.innerText(), name, `the first place found for ${typed}`);
    await Promise.all([page.waitForURL(/#section-preferences$/), result.click()]);
    await page.waitForSelector('[data-testid=place-chosen]');
  }
  await page.reload();
  assert.deepEqual(await page.locator('[data-testid=place-chosen]').allInnerTexts(), ['札幌市（北海道）', '兵庫県']);
  assert.equal(await page.locator('#section-preferences input[type=text][name=places]').count(), 0, 'no code to type');
  // The second choice moves up, and the first is then removed and chosen again.
  await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=places] button[name=place_up]')]);
  assert.deepEqual(await page.locator('[data-testid=place-chosen]').allInnerTexts(), ['兵庫県', '札幌市（北海道）']);
  await page.fill('[data-testid=place-search]', 'kobe');
  await page.locator('[data-testid=place-result]').first().waitFor();
  assert.equal(await page.locator('[data-testid=place-result]').first().innerText(), '神戸市（兵庫県）');
  for (const lang of ['ja', 'ko', 'en']) {
    if (lang !== 'ja') {
      await Promise.all([page.waitForNavigation(), page.click(`[data-testid=lang-${lang}]`)]);
      await page.fill('[data-testid=place-search]', 'kobe');
      await page.locator('[data-testid=place-result]').first().waitFor();
    }
    for (const width of [360, 390]) {
      await page.setViewportSize({ width, height: 800 });
      await page.locator('#section-preferences').screenshot({ path: join(shots, `${backend}-apply-places-${width}-${lang}.png`) });
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(over <= 0, `the places scroll sideways by ${over} px at ${width} px (${lang})`);
    }
  }
  assert.deepEqual(await page.locator('[data-testid=place-chosen]').allInnerTexts(), ['Hyogo', 'Sapporo City, Hokkaido']);
  await page.setViewportSize({ width: 1280, height: 720 });
  await fill('statement', { statement_of_purpose: 'I want to help students find their voice in English.' });
  await fill('logistics', { interview_location: 'Washington, D.C.', departure_group: 'Group A' });
  await fill('history', { declined_placement_last_year: false });
  for (const [kind, text] of [['transcript', 'transcript of records'], ['degree-proof', 'letter of expected graduation']]) {
    await page.selectOption('#section-documents select[name=kind]', kind);
    await page.setInputFiles('#section-documents input[type=file]', { name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${text}\n`) });
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=document-upload]')]);
    await page.waitForSelector('.notice');
  }
  assert.equal(await page.locator('[data-testid=documents] li').count(), 2);

  // Two referees, each asked by mail, each uploading through their own page (no account).
  const admin0 = await api(browser, base, 'admin@demo.kakehashi.jp');
  for (const [name, address] of [['Prof. Ada Moss', `moss.${Date.now()}@uni.example`], ['Dr. Ben Ito', `ito.${Date.now()}@uni.example`]]) {
    await page.fill('#section-referees input[name=name]', name);
    await page.fill('#section-referees input[name=email]', address);
    await Promise.all([page.waitForURL(/\/my-application\/\d+$/), page.click('[data-testid=referee-add]')]);
    assert.equal(await page.locator('.notice').innerText(), `${name} is asked by mail for a letter of reference.`);
    await page.reload();
    assert.equal(await page.locator('.notice').count(), 0, 'a reload asks no one again and says nothing');
    const mail = (await admin0.get(`/api/v1/outbox?search=${encodeURIComponent(address)}`)).rows[0];
    const refereeLink = mail.body.slice(mail.body.indexOf(base)).split(/\s/)[0];
    const referee = await browser.newContext();
    const refereePage = await referee.newPage();
    await refereePage.goto(refereeLink);
    assert.match(await refereePage.locator('main').innerText(), /Ana Rivera/);
    await refereePage.setInputFiles('input[type=file]', { name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% reference by ${name}\n`) });
    await Promise.all([refereePage.waitForLoadState('load'), refereePage.click('[data-testid=referee-upload]')]);
    await refereePage.waitForSelector('[data-testid=referee-received]');
    await referee.close();
  }
  await admin0.close();
  await page.reload();
  assert.equal(await page.locator('[data-testid=missing]').count(), 0, 'nothing missing once every section is filled and the documents are in');
  await Promise.all([page.waitForURL(/\/my-application$/), page.click('[data-testid=application-submit]')]);
  assert.equal(await page.locator('[data-testid=application-status]').first().innerText(), 'Submitted');

  await Promise.all([page.waitForLoadState('load'), page.click('[data-testid=lang-ja]')]);
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.equal(await page.locator('[data-testid=application-status]').first().innerText(), '提出済み');
  await page.screenshot({ path: join(shots, `${backend}-applicant-status-ja.png`), fullPage: true });

  // The receipt reached the outbox, in the applicant's language at submission.
  const receipts = (await admin.get(`/api/v1/outbox?search=${encodeURIComponent(email)}`)).rows.filter((m) => m.template === 'application-receipt');
  assert.equal(receipts.length, 1);
  await desk.close();
  await admin.close();
  await context.close();
});
