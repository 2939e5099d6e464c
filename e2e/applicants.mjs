// What the browser tests share to make applicants quickly through the API: a PDF, the links the
// outbox holds, a referee's letter, and a complete draft (registered, confirmed, the form, the two
// documents and two referees' letters). The browser walks stay in each test; this is set-up.
import assert from 'node:assert/strict';
import { api, password } from './server.mjs';

/// A small file the server takes as a PDF (it reads the type from the bytes).
export const pdf = (text) => Buffer.from(`%PDF-1.4\n% ${text}\n`);

/// The link of the newest mail of a template to an address, as the outbox holds it.
export async function mailedLink(admin, base, address, template) {
  const mails = (await admin.get(`/api/v1/outbox?search=${encodeURIComponent(address)}`)).rows;
  const mail = mails.find((m) => m.template === template);
  assert.ok(mail, `a ${template} mail to ${address}`);
  return mail.body.slice(mail.body.indexOf(base)).split(/\s/)[0];
}

/// A referee uploads their letter through the private link of their mail (no account).
export async function refereeLetter(browser, admin, base, address, name) {
  const link = await mailedLink(admin, base, address, 'referee-invitation');
  const context = await browser.newContext();
  const r = await context.request.put(link.replace('/referee/', '/api/v1/referee/') + '?name=letter.pdf', { data: pdf(`reference by ${name}`) });
  assert.equal(r.status(), 200, `${name}'s letter`);
  await context.close();
}

/// An applicant with a complete draft for an ALT place, made through the API: registered and
/// confirmed as `[family, given]`, the form's `sections` saved, the two documents uploaded, two
/// referees named and their letters in. Returns the application's id and the applicant's API
/// client (the caller closes it).
export async function completeDraft(browser, admin, base, { yearId, missionId, email, name: [family, given], sections }) {
  const anonymous = await browser.newContext();
  const registered = await anonymous.request.post(`${base}/api/v1/applicants`, {
    data: { email, family_name: family, given_name: given, nationality: 'US', password },
  });
  assert.equal(registered.status(), 201);
  assert.equal((await anonymous.request.get(await mailedLink(admin, base, email, 'verify-email'))).status(), 200);
  await anonymous.close();
  const me = await api(browser, base, email);
  const started = await me.send('POST', '/api/v1/my/applications', { programme_year_id: yearId, position: 'ALT', mission_id: missionId });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const id = started.body.id;
  let version = started.body.version;
  for (const [section, values] of Object.entries(sections)) {
    const saved = await me.send('PUT', `/api/v1/my/applications/${id}/sections/${section}`, { values, version });
    assert.equal(saved.status, 200, `${section}: ${JSON.stringify(saved.body)}`);
    version = saved.body.version;
  }
  for (const kind of ['transcript', 'degree-proof']) {
    assert.equal((await me.send('PUT', `/api/v1/my/applications/${id}/documents?kind=${kind}&name=${kind}.pdf`, pdf(kind))).status, 200, kind);
  }
  for (const [referee, address] of [['Prof. Ada Moss', `moss.${email}`], ['Dr. Ken Ito', `ito.${email}`]]) {
    assert.equal((await me.send('POST', `/api/v1/my/applications/${id}/referees`, { name: referee, email: address })).status, 201);
    await refereeLetter(browser, admin, base, address, referee);
  }
  return { id, me };
}
