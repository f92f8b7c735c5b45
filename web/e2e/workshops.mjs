// The workshop pages: the list (upcoming, past, a month, by space and by trainer with the
// filters kept in the address), a trainer publishing a workshop of two sessions with one seat
// (a session that ends before it starts is refused beside its row first), a member taking the
// seat, a second one waiting in first position and getting the seat when the first cancels,
// the registrations and their CSV, calendars, material and the cancellation; then attendance
// marked on a started session and the certificate it earns.
// axe-core on each page.
import { accounts, check, focusIsOnPage, gql, open, phone, signIn, stamp } from './lib.mjs'

/** A Rome wall-clock reading for a datetime-local input, days from now at the given hour. */
function romeLocal(days, hour) {
  const d = new Date(Date.now() + days * 86_400_000)
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(d)
  return `${day}T${String(hour).padStart(2, '0')}:00`
}

/** Fetches a same-origin path in the page: its status, type and text. */
function download(page, path) {
  return page.evaluate(async (u) => {
    const r = await fetch(u)
    return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() }
  }, path)
}

export const flows = [
  {
    name: 'workshops: the list and the month',
    async run({ step, browser, runner, base, password }) {
      const anon = await open(browser, runner, 'anonima')
      const p = anon.page

      await step('home: the next workshops and the menu link', async () => {
        await p.goto(`${base}/`)
        await p.getByRole('heading', { level: 2, name: 'Prossimi workshop' }).waitFor()
        await p.locator('section[aria-labelledby="upcoming-workshops-title"] .workshop-item').first().waitFor()
        await p.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Workshop' }).click()
        await p.getByRole('heading', { level: 1, name: 'Workshop' }).waitFor()
      })

      await step('list: upcoming, then the seeded past ones', async () => {
        const count = p.getByRole('heading', { level: 2, name: /^\d+ workshop$/ })
        await count.waitFor()
        check(parseInt(await count.innerText(), 10) >= 1, `upcoming: ${await count.innerText()}`)
        await p.getByRole('link', { name: 'Passati', exact: true }).click()
        await p.waitForURL(/quando=passati/)
        await p.locator('.workshop-item').first().waitFor()
        for (const name of [
          'Incontro informativo-formativo sull’orientamento alle famiglie',
          'Incontro informativo-formativo sulle famiglie multiproblematiche',
          'Incontro informativo-formativo sulla mediazione familiare',
          'Famiglie al centro: i modelli regionali a confronto',
        ])
          await p.getByRole('link', { name: name.replace('’', "'") }).waitFor()
        const text = await p.locator('.workshop-list').innerText()
        check(text.includes('27–28 giugno 2023') && text.includes('21 giugno 2021'), `dates in Rome time: ${text.slice(0, 500)}`)
        check(text.indexOf('10–11 luglio 2023') < text.indexOf('27–28 giugno 2023'), 'the most recent first')
        check(
          (await p.getByRole('link', { name: 'Passati', exact: true }).getAttribute('aria-current')) === 'page',
          'the current tab is marked',
        )
        await runner.shot(p, 'workshops-past')
      })

      await step('list: accessibility (axe)', () => runner.axe(p, 'workshops'))

      await step('month: June 2023 day by day, then the next month', async () => {
        await p.goto(`${base}/workshop?quando=mese&mese=2023-06`)
        await p.getByRole('heading', { level: 2, name: 'Il calendario di giugno 2023' }).waitFor()
        await p.getByRole('heading', { level: 3, name: /27 giugno/ }).waitFor()
        await p.getByRole('heading', { level: 3, name: /28 giugno/ }).waitFor()
        await runner.shot(p, 'workshops-month')
        await p.getByRole('link', { name: 'Mese successivo' }).click()
        await p.waitForURL(/mese=2023-07/)
        await p.getByRole('heading', { level: 3, name: /10 luglio/ }).waitFor()
      })

      await step('month: accessibility (axe)', () => runner.axe(p, 'workshops-month'))

      await step('list: by space, kept when going back; by trainer, from a name on a workshop', async () => {
        const rimini = "Incontro informativo-formativo sull'orientamento alle famiglie"
        const space = 'Gemellaggio sul servizio di orientamento'
        const selected = (id, want) =>
          p.waitForFunction(([id, want]) => document.getElementById(id)?.selectedOptions[0]?.textContent === want, [id, want])
        await p.goto(`${base}/workshop?quando=passati`)
        await p.locator('.workshop-item').first().waitFor()
        // The twinnings arrive with the page's choices, after its first render.
        await p.locator('#filter-space option', { hasText: space }).waitFor({ state: 'attached' })
        await p.getByLabel('Spazio', { exact: true }).selectOption({ label: space })
        await p.getByRole('button', { name: 'Applica i filtri' }).click()
        await p.waitForURL(/quando=passati&spazio=/)
        await p.getByRole('link', { name: rimini }).waitFor()
        for (const other of [
          'Incontro informativo-formativo sulle famiglie multiproblematiche',
          'Incontro informativo-formativo sulla mediazione familiare',
          'Famiglie al centro: i modelli regionali a confronto',
        ])
          check((await p.getByRole('link', { name: other }).count()) === 0, `outside the space: ${other}`)
        await runner.shot(p, 'workshops-space')

        await p.getByRole('link', { name: rimini }).click()
        await p.getByRole('heading', { level: 1, name: rimini }).waitFor()
        await p.goBack()
        await p.waitForURL(/quando=passati&spazio=/)
        await p.getByRole('link', { name: rimini }).waitFor()
        await selected('filter-space', space)

        await p.getByRole('link', { name: rimini }).click()
        await p.getByRole('heading', { level: 1, name: rimini }).waitFor()
        await p.getByRole('link', { name: accounts.trainer.name, exact: true }).click()
        await p.waitForURL(/\/workshop\?formatore=/)
        await p.getByRole('link', { name: 'Laboratorio online: il primo colloquio di orientamento' }).waitFor()
        await selected('filter-trainer', accounts.trainer.name)
        await p.getByRole('link', { name: 'Passati', exact: true }).click()
        await p.waitForURL(/quando=passati&formatore=/)
        await p.getByRole('link', { name: rimini }).waitFor()
        check(
          (await p.getByRole('link', { name: 'Famiglie al centro: i modelli regionali a confronto' }).count()) === 0,
          'a workshop of another trainer',
        )
      })

      await step('small screen: the filters fold behind a button', async () => {
        const small = await open(browser, runner, 'anonima (telefono)', phone)
        const pp = small.page
        await pp.goto(`${base}/workshop`)
        const toggle = pp.getByRole('button', { name: 'Mostra i filtri' })
        await toggle.waitFor()
        check(!(await pp.getByLabel('Modalità').isVisible()), 'filters folded')
        await toggle.click()
        check(await pp.getByLabel('Modalità').isVisible(), 'filters shown')
        await pp.getByLabel('Modalità').selectOption('ONLINE')
        await pp.getByRole('button', { name: 'Applica i filtri' }).click()
        await pp.waitForURL(/modalita=ONLINE/)
        await pp.getByRole('link', { name: 'Laboratorio online: il primo colloquio di orientamento' }).waitFor()
        check(
          (await pp.locator('.workshop-item').allInnerTexts()).every((t) => t.includes('Online')),
          'only online workshops',
        )
        await runner.shot(pp, 'workshops-phone')
        await small.context.close()
      })

      await anon.context.close()
    },
  },
  {
    name: 'workshops: certificate check',
    async run({ step, browser, runner, base, password }) {
      const anon = await open(browser, runner, 'anonima')
      const p = anon.page
      await step('certificate check: an unknown code is “non trovato”', async () => {
        await p.goto(`${base}/verifica/NON-ESISTE-123`)
        await p.getByRole('heading', { level: 2, name: 'Attestato non trovato' }).waitFor()
      })

      await step('certificate check: accessibility (axe)', () => runner.axe(p, 'verify'))
      await anon.context.close()
    },
  },
  {
    name: 'workshops: publish, register, wait, get the seat',
    async run({ step, browser, runner, base, password }) {
      const title = `Laboratorio sul colloquio con i genitori (prova ${stamp()})`
      const t = await open(browser, runner, 'formatrice')
      const tp = t.page
      const a = await open(browser, runner, 'operatrice')
      const b = await open(browser, runner, 'coordinatrice')
      let workshopPath = ''

      await step('the trainer and two members sign in', async () => {
        await signIn(tp, base, accounts.trainer.email, password)
        await signIn(a.page, base, accounts.operator.email, password)
        await signIn(b.page, base, accounts.coordinator.email, password)
      })

      await step('publish: a session ending before it starts is refused beside its row', async () => {
        await tp.goto(`${base}/workshop`)
        await tp.getByRole('link', { name: 'Pubblica un workshop' }).click()
        await tp.getByRole('heading', { level: 1, name: 'Pubblica un workshop' }).waitFor()
        await tp.getByLabel('Titolo').fill(title)
        await tp.getByLabel('Descrizione').fill('Due incontri per **esercitarsi** sul primo colloquio con i genitori.')
        await tp.getByLabel('Tipo').selectOption('LAB')
        await tp.getByLabel('Modalità').selectOption('HYBRID')
        await tp.getByLabel('Posti').fill('1')
        const s1 = tp.getByRole('group', { name: 'Incontro 1' })
        await s1.getByLabel('Inizio').fill(romeLocal(30, 9))
        await s1.getByLabel('Fine').fill(romeLocal(30, 13))
        await s1.getByLabel('Luogo (facoltativo)').fill('Centro per le Famiglie di Rimini, sala grande')
        await tp.getByRole('button', { name: 'Aggiungi un incontro' }).click()
        check(
          await tp.evaluate(() => document.activeElement?.id === 'wf-sessions-1-startsAt'),
          'the new session’s start takes the focus',
        )
        const s2 = tp.getByRole('group', { name: 'Incontro 2' })
        await s2.getByLabel('Inizio').fill(romeLocal(37, 14))
        await s2.getByLabel('Fine').fill(romeLocal(37, 11))
        await s2.getByLabel('Collegamento online (facoltativo)').fill('https://meet.example.org/colloquio')
        await tp.getByRole('button', { name: 'Pubblica', exact: true }).click()
        const summary = tp.getByRole('alert').filter({ hasText: 'Correggi questi problemi' })
        await summary.waitFor()
        check(await focusIsOnPage(tp), 'the focus fell to <body>')
        const rowError = tp.locator('[id^="wf-sessions-1-"][id$="-error"], #wf-sessions-1 .invalid-feedback').first()
        await rowError.waitFor()
        check((await tp.locator('#wf-sessions-0 .invalid-feedback').count()) === 0, 'the first session has no error')
        await runner.shot(tp, 'workshop-publish-error')
      })

      await step('publish: accessibility (axe)', () => runner.axe(tp, 'workshop-publish'))

      await step('publish: the workshop opens on its page, in Rome time', async () => {
        const s2 = tp.getByRole('group', { name: 'Incontro 2' })
        await s2.getByLabel('Fine').fill(romeLocal(37, 17))
        await tp.getByRole('button', { name: 'Pubblica', exact: true }).click()
        await tp.getByRole('heading', { level: 1, name: title }).waitFor()
        workshopPath = new URL(tp.url()).pathname
        const sessions = await tp.locator('.workshop-sessions').innerText()
        check(sessions.includes('09:00') && sessions.includes('13:00'), `first session in Rome time: ${sessions}`)
        check(sessions.includes('14:00') && sessions.includes('17:00'), `second session in Rome time: ${sessions}`)
        await tp.getByText('1 liberi su 1').waitFor()
        const ics = await tp.getByRole('link', { name: 'Aggiungi al calendario (.ics)' }).getAttribute('href')
        check(!!ics && ics.startsWith('/'), `calendar link: ${ics}`)
        await runner.shot(tp, 'workshop-page')
      })

      await step('workshop: accessibility (axe)', () => runner.axe(tp, 'workshop'))

      await step('a member registers and has the seat', async () => {
        await a.page.goto(`${base}${workshopPath}`)
        await a.page.getByRole('button', { name: 'Iscriviti', exact: true }).click()
        await a.page.getByText('Iscrizione confermata: hai un posto.').waitFor()
        await a.page.getByText('Posti esauriti', { exact: false }).or(a.page.getByText('0 liberi su 1')).first().waitFor()
      })

      await step('a second member joins the waiting list in position 1', async () => {
        await b.page.goto(`${base}${workshopPath}`)
        await b.page.getByRole('button', { name: 'Mettiti in lista d’attesa' }).click()
        await b.page.getByText('Sei in lista d’attesa: posizione 1.').waitFor()
        await runner.shot(b.page, 'workshop-waitlisted')
      })

      await step('the first cancels; after a reload the second has the seat', async () => {
        await a.page.getByRole('button', { name: 'Annulla l’iscrizione' }).click()
        await a.page
          .getByRole('button', { name: 'Iscriviti', exact: true })
          .or(a.page.getByRole('button', { name: 'Mettiti in lista d’attesa' }))
          .first()
          .waitFor()
        await b.page.reload()
        await b.page.getByText('Iscrizione confermata: hai un posto.').waitFor()
      })

      await step('my registrations: the workshop and the calendar address', async () => {
        await b.page.goto(`${base}/workshop/mie-iscrizioni`)
        await b.page.getByRole('heading', { level: 1, name: 'Le mie iscrizioni' }).waitFor()
        await b.page.getByRole('link', { name: title }).waitFor()
        await b.page.getByRole('heading', { level: 2, name: 'Il tuo calendario personale' }).waitFor()
        await runner.shot(b.page, 'my-registrations')
      })

      await step('my registrations: accessibility (axe)', () => runner.axe(b.page, 'my-registrations'))

      await step('registrations: each person with their status', async () => {
        await tp.goto(`${base}${workshopPath}`)
        await tp.getByRole('link', { name: 'Iscrizioni e presenze' }).click()
        await tp.getByRole('heading', { level: 1, name: `Iscrizioni: ${title}` }).waitFor()
        const table = await tp.locator('table').innerText()
        check(table.includes('Coordinatrice regionale Piemonte') && table.includes('Confermata'), `the list: ${table}`)
        await runner.shot(tp, 'workshop-registrations')
      })

      await step('registrations: accessibility (axe)', () => runner.axe(tp, 'workshop-registrations'))

      await step('registrations as CSV for the trainer', async () => {
        await tp.goto(`${base}${workshopPath}/iscrizioni`)
        await tp.getByRole('heading', { level: 1, name: `Iscrizioni: ${title}` }).waitFor()
        const csv = await tp.getByRole('link', { name: 'Scarica l’elenco (CSV per Excel)' }).getAttribute('href')
        const res = await download(tp, csv)
        check(res.status === 200 && res.type.startsWith('text/csv'), `CSV: ${res.status} ${res.type}`)
      })
      await step('the workshop’s calendar file', async () => {
        await tp.goto(`${base}${workshopPath}`)
        const ics = await tp.getByRole('link', { name: 'Aggiungi al calendario (.ics)' }).getAttribute('href')
        const res = await download(tp, ics)
        check(res.status === 200 && res.type.startsWith('text/calendar'), `ICS: ${res.status} ${res.type}`)
        check(res.body.includes('BEGIN:VEVENT'), 'the calendar has its sessions')
      })
      await step('the personal calendar: renewed, the old address stops working', async () => {
        await b.page.goto(`${base}/workshop/mie-iscrizioni`)
        const field = b.page.getByLabel('Indirizzo del calendario')
        const create = b.page.getByRole('button', { name: 'Crea l’indirizzo' })
        await create.or(field).first().waitFor()
        if (await create.count()) {
          await create.click()
          await b.page.getByText('Indirizzo creato: aggiungilo al tuo calendario.').waitFor()
        }
        const before = await field.inputValue()
        check(before.startsWith('http'), `calendar address: ${before}`)
        const feed = await download(b.page, before)
        check(feed.status === 200 && feed.type.startsWith('text/calendar'), `feed: ${feed.status} ${feed.type}`)
        await b.page.getByRole('button', { name: 'Rinnova l’indirizzo' }).click()
        await b.page.getByText('Nuovo indirizzo creato').waitFor()
        const after = await field.inputValue()
        check(after !== before, 'the address changed')
        check((await download(b.page, after)).status === 200, 'the new address answers')
        const old = (await download(b.page, before)).status
        check(old >= 400, `the old address still answers ${old}`)
      })

      await step('edit: accessibility (axe)', async () => {
        await tp.goto(`${base}${workshopPath}/modifica`)
        await tp.getByRole('heading', { level: 1, name: `Modifica «${title}»` }).waitFor()
        await runner.axe(tp, 'workshop-edit')
      })

      await step('edit: a file for participants uploaded, then removed', async () => {
        const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
        await tp
          .locator('#material-file')
          .setInputFiles({ name: 'programma-colloquio.pdf', mimeType: 'application/pdf', buffer: pdf })
        await tp.getByText('programma-colloquio.pdf', { exact: true }).first().waitFor()
        await tp.getByRole('button', { name: 'Carica il file' }).click()
        const remove = tp.getByRole('button', { name: 'Togli «programma-colloquio.pdf»' })
        await remove.waitFor()
        const row = await tp.locator('li', { has: remove }).innerText()
        check(row.includes('Solo partecipanti'), `the file is for participants: ${row}`)
        await remove.click()
        await tp.getByText('Materiale tolto.').waitFor()
        await remove.waitFor({ state: 'detached' })
      })

      await step('edit: a link added, then the workshop cancelled after confirming', async () => {
        await tp.getByLabel('Nome', { exact: true }).fill('Scheda del colloquio')
        await tp.getByLabel('Indirizzo', { exact: true }).fill('https://example.org/scheda-colloquio.pdf')
        await tp.getByRole('button', { name: 'Aggiungi il collegamento' }).click()
        await tp.getByRole('button', { name: 'Togli «Scheda del colloquio»' }).waitFor()
        await tp.getByLabel('Motivo (lo leggono gli iscritti)').fill('La formatrice non è disponibile.')
        await tp.getByRole('button', { name: 'Annulla il workshop…' }).click()
        await tp.getByText('Confermi l’annullamento?').waitFor()
        check(await tp.evaluate(() => document.activeElement?.textContent?.includes('Confermi')), 'the question takes the focus')
        await tp.getByRole('button', { name: 'Sì, annulla il workshop' }).click()
        await tp.getByText('Il workshop è annullato.').waitFor()
        await tp.goto(`${base}${workshopPath}`)
        await tp.getByText('Questo workshop è stato annullato.').waitFor()
        await tp.getByText('Motivo: La formatrice non è disponibile.').waitFor()
        await tp.getByRole('link', { name: 'Scheda del colloquio' }).waitFor()
        await runner.shot(tp, 'workshop-cancelled')
      })
      await t.context.close()
      await a.context.close()
      await b.context.close()
    },
  },
  {
    name: 'workshops: attendance and the certificate',
    async run({ step, browser, runner, base, password }) {
      let id = ''
      const t = await open(browser, runner, 'formatrice')
      const a = await open(browser, runner, 'operatrice')
      let startsAt = new Date()
      await step('a workshop starting in a few seconds, and a registration', async () => {
        await signIn(t.page, base, accounts.trainer.email, password)
        await signIn(a.page, base, accounts.operator.email, password)
        // Registration closes when the first session starts: time enough to register first.
        startsAt = new Date(Date.now() + 20_000)
        const { data: d, errors } = await gql(
          t.page,
          `mutation($input: PublishWorkshopInput!) { publishWorkshop(input: $input) { workshop { id } userErrors { field message } } }`,
          {
            input: {
              title: `Incontro sulle presenze (prova ${stamp()})`,
              description: 'Un incontro per provare le presenze e l’attestato.',
              kind: 'MEETING',
              mode: 'ONLINE',
              attendanceRequired: 50,
              sessions: [
                { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString() },
                {
                  startsAt: new Date(startsAt.getTime() + 86_400_000).toISOString(),
                  endsAt: new Date(startsAt.getTime() + 90_000_000).toISOString(),
                },
              ],
            },
          },
        )
        check(!errors?.length, JSON.stringify(errors))
        check(d.publishWorkshop.userErrors.length === 0, JSON.stringify(d.publishWorkshop.userErrors))
        id = d.publishWorkshop.workshop.id
        await a.page.goto(`${base}/workshop/${encodeURIComponent(id)}`)
        await a.page.getByRole('button', { name: 'Iscriviti', exact: true }).click()
        await a.page.getByText('Iscrizione confermata: hai un posto.').waitFor()
      })
      await step('the trainer marks the started session, and it is kept', async () => {
        await new Promise((r) => setTimeout(r, Math.max(0, startsAt.getTime() - Date.now() + 1000)))
        await t.page.goto(`${base}/workshop/${encodeURIComponent(id)}/iscrizioni`)
        const box = t.page.getByRole('checkbox', { name: 'Operatrice CpF La Spezia era presente a: Incontro 1' })
        await box.waitFor({ state: 'attached' })
        check(!(await box.isDisabled()), 'the started session can be marked')
        check(
          await t.page.getByRole('checkbox', { name: 'Operatrice CpF La Spezia era presente a: Incontro 2' }).isDisabled(),
          'a session not started cannot',
        )
        await box.check({ force: true })
        await t.page.getByText('Presenza salvata.').waitFor()
        await t.page.reload()
        await box.waitFor({ state: 'attached' })
        check(await box.isChecked(), 'the attendance was kept')
        await runner.shot(t.page, 'workshop-attendance')
      })
      await step('attendance: accessibility (axe)', () => runner.axe(t.page, 'workshop-attendance'))
      let pdfPath = ''
      await step('the participant gets the certificate, and its page confirms it', async () => {
        await a.page.goto(`${base}/workshop/${encodeURIComponent(id)}`)
        await a.page.getByRole('button', { name: 'Ottieni l’attestato' }).click()
        const pdf = a.page.getByRole('link', { name: 'Scarica l’attestato (PDF)' })
        await pdf.waitFor()
        pdfPath = (await pdf.getAttribute('href')) ?? ''
        await a.page.getByRole('link', { name: 'Pagina pubblica di verifica' }).click()
        await a.page.getByRole('heading', { level: 2, name: 'Attestato valido' }).waitFor()
        await a.page.getByText('Operatrice CpF La Spezia').first().waitFor()
        await runner.shot(a.page, 'verify-valid')
      })
      await step('certificate page: accessibility (axe)', () => runner.axe(a.page, 'verify-valid'))
      await step('the certificate’s PDF', async () => {
        const res = await download(a.page, pdfPath)
        check(res.status === 200 && res.type.startsWith('application/pdf'), `PDF: ${res.status} ${res.type}`)
        check(res.body.startsWith('%PDF'), 'a PDF file')
      })
      await t.context.close()
      await a.context.close()
    },
  },
]
