// A twinning's space: the list with each space's visibility, the new-twinning form's errors,
// a restricted space created by the coordinator, a non-member's reserved view and request to
// join, its approval with a role, the visit schema edited with the earlier text readable, a
// question asked in the space marked "Riservato", a person found by part of their name and
// added by keyboard, and the removed member told on the open page that its discussion is no
// longer theirs, then reading the card only; axe-core on each page.
import { accounts, check, open, signIn, stamp } from './lib.mjs'

export const flows = [
  {
    name: 'a twinning’s space',
    async run({ step, browser, runner, base, password }) {
      const suffix = stamp()
      await step('twinnings: the list shows each space’s visibility (axe)', async () => {
        const { context: anon, page: ap } = await open(browser, runner, 'anonimo')
        await ap.goto(`${base}/gemellaggi`)
        await ap.getByRole('heading', { level: 1, name: 'Gemellaggi' }).waitFor()
        await ap.locator('.twinning-card').first().waitFor()
        check((await ap.locator('.twinning-card').count()) >= 3, 'expected at least three twinnings')
        check((await ap.locator('.twinning-card .visibility-badge').count()) >= 3, 'cards without a visibility badge')
        await runner.shot(ap, 'twinnings')
        await runner.axe(ap, 'twinnings')
        await ap.locator('.twinning-card h3 a').first().click()
        await ap.waitForURL(/\/gemellaggi\/[^/]+$/)
        await ap.getByRole('heading', { level: 2, name: 'Fasi' }).waitFor()
        await anon.close()
      })

      const { context: coordinator, page: cp } = await open(browser, runner, 'coordinatrice')
      const spaceTitle = `Gemellaggio di prova sull’accoglienza (${suffix})`
      let spaceUrl = ''
      const { context: operator, page: op } = await open(browser, runner, 'operatrice')

      await step('new twinning: every field’s error at once', async () => {
        await signIn(cp, base, accounts.coordinator.email, password)
        await cp.goto(`${base}/gemellaggi`)
        await cp.getByRole('link', { name: 'Nuovo gemellaggio' }).click()
        await cp.waitForURL(/\/gemellaggi\/nuovo$/)
        await cp.getByRole('button', { name: 'Crea il gemellaggio' }).click()
        for (const id of ['twinning-title', 'twinning-summary', 'twinning-area', 'twinning-lead', 'twinning-receiving'])
          await cp.locator(`#${id}-error`).waitFor()
        await runner.shot(cp, 'twinning-new-errors')
        await runner.axe(cp, 'new twinning')
      })

      await step('new twinning: a restricted space opens on its page', async () => {
        await cp.getByLabel('Titolo').fill(spaceTitle)
        await cp.getByLabel('Presentazione').fill('Una prova del **gemellaggio** tra Centri.')
        await cp.getByLabel('Area di servizio').selectOption('orientamento')
        await cp.getByLabel('Centro cedente').selectOption({ index: 1 })
        await cp.locator('fieldset.receiving-choice input:not([disabled])').nth(0).check({ force: true })
        await cp.locator('fieldset.receiving-choice input:not([disabled])').nth(1).check({ force: true })
        await cp.getByRole('button', { name: 'Crea il gemellaggio' }).click()
        await cp.waitForURL(/\/gemellaggi\/(?!nuovo)[^/]+$/)
        spaceUrl = cp.url()
        await cp.getByRole('heading', { level: 1, name: spaceTitle }).waitFor()
        check((await cp.locator('.space-header .visibility-badge').innerText()).includes('Riservato'), 'no "Riservato" badge')
        await cp.getByRole('heading', { name: 'Gestione dello spazio' }).waitFor()
        await runner.shot(cp, 'twinning-manager')
        await runner.axe(cp, 'twinning (manager)')
      })

      await step('twinning: a non-member sees the card and asks to join (axe)', async () => {
        await signIn(op, base, accounts.operator.email, password)
        await op.goto(spaceUrl)
        await op.getByRole('heading', { name: 'Contenuto riservato' }).waitFor()
        check((await op.getByRole('heading', { name: 'Scheda di visita' }).count()) === 0, 'restricted content shown')
        await runner.axe(op, 'twinning (reserved)')
        await op.getByRole('button', { name: 'Chiedi di partecipare' }).click()
        await op.getByLabel(/Messaggio per chi coordina/).fill('Seguo l’accoglienza nel mio Centro.')
        await op.getByRole('button', { name: 'Invia la richiesta' }).click()
        await op.getByText('Richiesta inviata').waitFor()
        await runner.shot(op, 'twinning-join-sent')
      })

      await step('twinning: the coordinator approves the request with a role', async () => {
        await cp.reload()
        const req = cp.locator('.join-request', { hasText: 'Operatrice CpF La Spezia' })
        await req.waitFor()
        await req.getByLabel(/Ruolo da dare/).selectOption('RECEIVING')
        await req.getByRole('button', { name: /Approva/ }).click()
        await cp.getByText('Operatrice CpF La Spezia ora fa parte dello spazio.').waitFor()
        await cp.locator('.member-item', { hasText: 'Operatrice CpF La Spezia' }).waitFor()
      })

      await step('twinning: a member edits the visit schema; the earlier text stays readable', async () => {
        await op.reload()
        await op.getByRole('heading', { name: 'Scheda di visita' }).waitFor()
        for (const text of ['Prima stesura della governance.', 'Seconda stesura della governance.']) {
          await op
            .getByRole('button', { name: /^Modifica la scheda di/ })
            .first()
            .click()
          await op.getByLabel('Governance').fill(text)
          await op.getByRole('button', { name: 'Salva la scheda' }).click()
          await op.getByText(/salvata: revisione \d/).waitFor()
          await op.locator('.visit-table td', { hasText: text }).waitFor()
        }
        await op.locator('.visit-revisions summary').first().click()
        await op.locator('.visit-revisions', { hasText: 'Prima stesura della governance.' }).waitFor()
        await runner.shot(op, 'twinning-member')
        await runner.axe(op, 'twinning (member)')
      })

      await step('twinning: a question asked in the space is marked "Riservato"', async () => {
        await op.getByRole('link', { name: 'Fai una domanda in questo spazio' }).click()
        await op.waitForURL(/\/domande\/nuova\?spazio=/)
        await op.getByText(/La domanda sarà fatta nello spazio/).waitFor()
        await op.getByLabel('Titolo').fill(`Come organizzate il primo colloquio di accoglienza? (${suffix})`)
        await op.getByLabel('Testo').fill('Nel gemellaggio vorremmo confrontare i tempi del primo colloquio.')
        await op.getByRole('button', { name: 'Pubblica la domanda' }).click()
        await op.waitForURL(/\/domande\/(?!nuova)[^/]+$/)
        const note = op.locator('.space-note')
        await note.waitFor()
        check((await note.innerText()).includes('Riservato'), 'the question is not marked restricted')
        await op.goto(spaceUrl)
        await op.locator('#domande .question-item').first().waitFor()
      })

      await step('twinning: the coordinator finds a person by part of the name and adds them, by keyboard (axe)', async () => {
        await cp.reload()
        const search = cp.getByRole('searchbox', { name: 'Cerca una persona' })
        await search.fill('r')
        await cp.waitForTimeout(400)
        check((await cp.locator('.candidate').count()) === 0, 'one letter searched already')
        await search.fill('FORMAT rimi')
        const person = cp.locator('.candidate', { hasText: 'Formatrice CpF Rimini' })
        await person.waitFor()
        check((await person.innerText()).includes('Rimini'), 'the person’s centre is not shown')
        await cp.getByText(/persona trovata tra chi non fa già parte dello spazio/).waitFor()
        await cp.getByLabel('Ruolo da dare', { exact: true }).selectOption('TRAINER')
        await runner.shot(cp, 'twinning-member-search')
        await runner.axe(cp, 'twinning (member search)')
        await cp.getByLabel('Ruolo da dare', { exact: true }).focus()
        await cp.keyboard.press('Tab')
        const focused = await cp.evaluate(() => document.activeElement?.textContent ?? '')
        check(
          focused.includes('Aggiungi come Formazione') && focused.includes('Formatrice CpF Rimini'),
          `Tab reached “${focused}”`,
        )
        await cp.keyboard.press('Enter')
        await cp.getByText('Formatrice CpF Rimini ora fa parte dello spazio.').waitFor()
        await cp.locator('.member-item', { hasText: 'Formatrice CpF Rimini' }).waitFor()
        await cp.getByText('Nessuna persona trovata tra chi non fa già parte dello spazio.').waitFor()
      })

      await step('twinning: a removed member reads the card only, from their next request', async () => {
        // The member is on the space's page, its discussion open, when the removal comes.
        const composer = op.getByLabel('Il tuo messaggio', { exact: true })
        await composer.waitFor()
        await cp.reload()
        await cp.getByRole('button', { name: 'Rimuovi Operatrice CpF La Spezia dallo spazio' }).click()
        await cp.getByRole('button', { name: 'Sì, rimuovi' }).click()
        await cp.getByText('Operatrice CpF La Spezia non fa più parte dello spazio.').waitFor()
        // Posting (unless the page already knows from its ended live stream) says why it cannot.
        const gone = op.getByRole('alert').filter({ hasText: 'Questa discussione non è più disponibile per te' })
        if (await composer.isVisible()) {
          await composer.fill('Un messaggio dopo la rimozione.')
          await op
            .getByRole('button', { name: 'Invia', exact: true })
            .click({ timeout: 2000 })
            .catch(() => undefined) // the composer went meanwhile
        }
        await gone.waitFor({ timeout: 10_000 })
        check((await composer.count()) === 0, 'the composer is still shown')
        check((await op.getByText('Discussione non trovata.').count()) === 0, 'the bare error is shown')
        await runner.shot(op, 'twinning-removed-thread')
        await op.reload()
        await op.getByRole('heading', { name: 'Contenuto riservato' }).waitFor()
      })
      await coordinator.close()
      await operator.close()
    },
  },
]
