// #18 point 1 in Chromium: one notification, read by an English and by a German agent, each in
// their own language with the catalog's service title; the step's German name in the portal for a
// German requester.
import { describe, expect, it } from 'vitest';
import { apiSession, hasChromium, login, newPage, NO_CHROMIUM_HINT, useServerAndBrowser } from '../support/e2e';
import { processDeployment } from '../support/processes';

if (!hasChromium) console.warn(`reader-language browser test skipped: ${NO_CHROMIUM_HINT}`);

const ENGLISH_AGENT = { email: 'sam.support@lotse.demo', password: 'Lotse-reader-language-2026!' };

describe.skipIf(!hasChromium)('everything in the reader\'s language, in Chromium', () => {
  const suite = useServerAndBrowser();

  it("shows the same new-task notification in English to an English agent and in German to a German one, and the German step name to a German requester", async () => {
    const { server, browser } = suite;
    // The IT owner publishes the shipped template; an admin adds an English-speaking agent to the IT group.
    const owner = await apiSession(server.url, 'owner.it@lotse.demo');
    const deployed = await owner('POST', '/api/deployments', processDeployment('it-equipment-request'));
    expect([200, 201], JSON.stringify(deployed.body)).toContain(deployed.status);
    const admin = await apiSession(server.url, 'admin@lotse.demo');
    const itGroup = ((await admin('GET', '/api/admin/groups')).body.items as { id: string; key: string }[]).find((g) => g.key === 'it')!;
    const created = await admin('POST', '/api/admin/users', { email: ENGLISH_AGENT.email, name: 'Sam Support', password: ENGLISH_AGENT.password, locale: 'en', groupIds: [itGroup.id], roles: [{ role: 'employee' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    // An employee asks for a laptop: the IT group gets a "new task" notification.
    const employeeApi = await apiSession(server.url, 'employee@lotse.demo');
    const started = await employeeApi('POST', '/api/process-instances', { processKey: 'it-equipment-request', variables: { item: 'laptop' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const reference = started.body.reference as string;

    const english = await newPage(browser, server.url, 'en-GB');
    const german = await newPage(browser, server.url, 'de-DE');
    const requester = await newPage(browser, server.url, 'de-DE');
    try {
      const bellEntry = async (page: typeof english.page) => {
        await page.getByTestId('bell').click();
        const entry = page.locator('.bell-item').filter({ hasText: reference });
        await entry.first().waitFor();
        return (await entry.first().textContent()) ?? '';
      };

      await login(english.page, ENGLISH_AGENT.email, ENGLISH_AGENT.password);
      const en = await bellEntry(english.page);
      expect(en).toContain('New task: Review request');
      expect(en).toContain('(Request IT equipment)');
      expect(en).not.toMatch(/Neue Aufgabe|Antrag prüfen|IT equipment request\)/);

      await login(german.page, 'agent.it@lotse.demo');
      const de = await bellEntry(german.page);
      expect(de).toContain('Neue Aufgabe: Antrag prüfen');
      expect(de).toContain('(IT-Ausstattung anfordern)');
      expect(de).not.toMatch(/New task|Review request/);

      // The German requester follows the request: the current step in German.
      await login(requester.page, 'employee@lotse.demo');
      await requester.page.goto(`/portal/requests/${started.body.id}`);
      await requester.page.getByTestId('request-detail').waitFor();
      await expect.poll(() => requester.page.getByTestId('current-step').textContent()).toContain('In Bearbeitung: Antrag prüfen');

      expect([...english.errors, ...german.errors, ...requester.errors]).toEqual([]);
    } finally {
      await english.context.close();
      await german.context.close();
      await requester.context.close();
    }
  });
});
