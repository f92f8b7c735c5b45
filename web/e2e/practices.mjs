// The good-practice pages: the list and its filters (folded on a phone), a practice's page
// with where it travelled, the form showing every field's error at once, then publishing;
// axe-core on each page.
import { accounts, check, open, phone, signIn } from './lib.mjs'

export const flows = [
  {
    name: 'good practices',
    async run({ step, browser, runner, base, password }) {
      const { context, page } = await open(browser, runner, 'operatrice')
      await step('home: latest practices and the menu link', async () => {
        await page.goto(`${base}/`)
        await page.getByRole('heading', { name: 'Ultime buone pratiche' }).waitFor()
        await page
          .getByRole('navigation', { name: 'Navigazione principale' })
          .getByRole('link', { name: 'Buone pratiche' })
          .click()
        await page.getByRole('heading', { level: 1, name: 'Buone pratiche' }).waitFor()
      })

      await step('list: the demo practices, then a level filter', async () => {
        const count = page.getByRole('heading', { level: 2, name: /^\d+ buone pratiche$/ })
        await count.waitFor()
        check(/^[5-9]\d* buone pratiche$/.test(await count.innerText()), `count: ${await count.innerText()}`)
        await page.getByLabel('Livello di maturità').selectOption('ESTABLISHED')
        await page.getByRole('button', { name: 'Applica i filtri' }).click()
        await page.getByRole('heading', { level: 2, name: '1 buona pratica' }).waitFor()
        check(page.url().includes('livello=ESTABLISHED'), `the filter is in the address: ${page.url()}`)
        await runner.shot(page, 'practices')
      })

      await step('list: accessibility (axe)', () => runner.axe(page, 'practices'))

      await step('practice: every section and where it travelled', async () => {
        await page.getByRole('link', { name: 'Sportello di orientamento con scheda di primo contatto' }).click()
        await page.getByRole('heading', { level: 1, name: 'Sportello di orientamento con scheda di primo contatto' }).waitFor()
        for (const h of [
          'In sintesi',
          'Contesto',
          'Obiettivi',
          'Destinatari',
          'Attività',
          'Risultati',
          'Risorse necessarie',
          'Dove è arrivata',
        ]) {
          await page.getByRole('heading', { name: h, exact: true }).waitFor()
        }
        const route = page.locator('.practice-route')
        check((await route.locator('li').count()) === 3, 'lead centre and two receiving centres')
        check((await route.innerText()).includes('Centro per le Famiglie della Spezia'), 'La Spezia took it up')
        await page.getByText('Nello spazio del gemellaggio «Gemellaggio sul servizio di orientamento»').waitFor()
        await runner.shot(page, 'practice')
      })

      await step('practice: accessibility (axe)', () => runner.axe(page, 'practice'))

      await step('publish: every field’s error at once', async () => {
        await signIn(page, base, accounts.operator.email, password, { then: '/buone-pratiche/nuova' })
        await page.getByRole('heading', { level: 1, name: 'Pubblica una buona pratica' }).waitFor()
        await page.getByLabel('Livello di maturità').selectOption('PROMISING')
        await page.getByRole('button', { name: 'Pubblica', exact: true }).click()
        const summary = page.getByRole('alert').filter({ hasText: 'Correggi questi problemi' })
        await summary.waitFor()
        const items = await summary.locator('li').count()
        check(items === 8, `title, five sections, area and evidence: ${items} errors`)
        check((await page.locator('.invalid-feedback').count()) === items, 'each error beside its field')
        await runner.shot(page, 'publish-errors')
      })

      await step('publish: accessibility (axe)', () => runner.axe(page, 'publish'))

      await step('publish: the practice opens on its page', async () => {
        const fill = async (label, text) => page.getByLabel(label, { exact: true }).fill(text)
        await fill('Titolo', 'Passeggiate di quartiere con le famiglie')
        await fill('Sintesi', 'Una passeggiata al mese per conoscere i servizi del quartiere.')
        await fill('Contesto', 'Famiglie appena arrivate che non conoscono il territorio.')
        await fill('Obiettivi', 'Far conoscere i servizi e creare legami.')
        await fill('Destinatari', 'Genitori con figli piccoli.')
        await fill('Attività', 'Ritrovo al Centro, tappe in biblioteca, consultorio e ludoteca.')
        await fill('Su cosa si basa il livello', 'Sei passeggiate in un anno con buona partecipazione.')
        await page.getByLabel('Area di servizio').selectOption('sviluppo-comunita')
        await page.getByRole('button', { name: 'Pubblica', exact: true }).click()
        await page.getByRole('heading', { level: 1, name: 'Passeggiate di quartiere con le famiglie' }).waitFor()
        await page.getByText('Aperta a tutta la comunità').waitFor()
      })

      await step('small screen: the filters fold behind a button', async () => {
        const { context: small, page: p } = await open(browser, runner, 'telefono', phone)
        await p.goto(`${base}/buone-pratiche`)
        const toggle = p.getByRole('button', { name: 'Mostra i filtri' })
        await toggle.waitFor()
        check(!(await p.getByLabel('Livello di maturità').isVisible()), 'filters folded')
        await toggle.click()
        check(await p.getByLabel('Livello di maturità').isVisible(), 'filters shown')
        check(
          (await p.getByRole('button', { name: 'Nascondi i filtri' }).getAttribute('aria-expanded')) === 'true',
          'aria-expanded',
        )
        await runner.shot(p, 'practices-phone')
        await small.close()
      })
      await context.close()
    },
  },
]
