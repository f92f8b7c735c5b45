// Browser smoke test of the web app against a running Gemella (gemella dev with demo data).
//
//   GEMELLA_URL=http://127.0.0.1:8080 GEMELLA_DEMO_PASSWORD=… npm run e2e
//
// Uses Debian's chromium through playwright-core (no browser download). It signs in, asks and
// answers a question, votes, accepts, searches with a typo, opens a guideline section from a
// hit, goes back to the same place in the results, imports a guideline as a trainer, edits
// the search thesaurus as an admin, goes through a twinning's space (created restricted by the
// coordinator, a request to join approved, the visit schema edited, a question asked inside, the
// member removed), and runs axe-core on the home, question, search, thesaurus and twinning pages (serious and critical violations fail). Screenshots of every page go to e2e/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const base = (process.env.GEMELLA_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')
const password = process.env.GEMELLA_DEMO_PASSWORD
if (!password) {
  console.error('smoke: set GEMELLA_DEMO_PASSWORD to the demo accounts’ password')
  process.exit(2)
}
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium'
const here = dirname(fileURLToPath(import.meta.url))
const shots = join(here, 'screenshots')
mkdirSync(shots, { recursive: true })
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const problems = []
let step = ''

function check(ok, message) {
  if (!ok) throw new Error(`${step}: ${message}`)
}

async function run(name, fn) {
  step = name
  const started = Date.now()
  await fn()
  console.log(`ok   ${name} (${Date.now() - started} ms)`)
}

/** Fails on problems the page reports: CSP violations, uncaught errors, console errors. */
function watch(page, who) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${who} console error on ${page.url()}: ${msg.text()}`)
  })
  page.on('pageerror', (err) => problems.push(`${who} uncaught error on ${page.url()}: ${err.message}`))
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
}

/** Runs axe-core in the page; serious and critical violations fail, others are listed. */
async function axe(page, name) {
  // evaluate() runs through DevTools, which the page's CSP does not restrict (an injected
  // <script> would be refused, as it should be).
  await page.evaluate(axeSource)
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  )
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  for (const v of result.violations) {
    const where = v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(', ')
    console.log(`     axe ${name}: ${v.impact} ${v.id}: ${v.help} [${where}]`)
  }
  check(bad.length === 0, `axe found ${bad.length} serious or critical violations on ${name}`)
}

async function signIn(page, email) {
  await page.goto(`${base}/accedi`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Accedi', exact: true }).click()
  await page.getByRole('button', { name: 'Esci' }).waitFor()
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})

try {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome', viewport: { width: 1280, height: 900 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  watch(page, 'operatore')
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')
  const title = `Come coinvolgere i nonni negli incontri di gruppo? (prova ${stamp})`
  let questionUrl = ''

  await run('home: intro, twinnings in Italian, latest questions', async () => {
    await page.goto(`${base}/`)
    await page.getByRole('heading', { level: 1, name: 'Benvenuta e benvenuto in Gemella' }).waitFor()
    check((await page.locator('html').getAttribute('lang')) === 'it', 'html lang is not it')
    await page.getByRole('heading', { name: 'Gemellaggio sul servizio di mediazione familiare' }).waitFor()
    check((await page.locator('article.it-card').count()) >= 3, 'expected the three twinnings of the demo data') // and those earlier runs created
    const twinnings = await page.locator('article.it-card').allInnerTexts()
    check(
      twinnings.some((t) => t.includes('27–28 giugno 2023')),
      `Rimini's dates not in Italian format: ${twinnings.join(' | ')}`,
    )
    check(
      twinnings.some((t) => t.includes('Centro cedente')),
      'no lead centre label',
    )
    await page.locator('.question-list li').first().waitFor()
    await shot(page, '01-home')
  })

  await run('home: accessibility (axe)', () => axe(page, 'home'))

  await run('home: suggestions while typing', async () => {
    const box = page.getByRole('combobox', { name: /Cerca domande/ })
    await box.pressSequentially('medi', { delay: 40 })
    await page.getByRole('option').first().waitFor()
    check((await page.getByRole('option').count()) > 0, 'no suggestions')
    await shot(page, '02-home-suggestions')
    await box.press('Escape')
    await box.fill('')
  })

  await run('sign in: wrong password shows the error beside the field', async () => {
    await page.getByRole('link', { name: 'Accedi' }).click()
    await page.waitForURL(/\/accedi/)
    await page.getByLabel('Email').fill('operatore@gemella.test')
    await page.getByLabel('Password', { exact: true }).fill('password-sbagliata')
    await page.getByRole('button', { name: 'Accedi', exact: true }).click()
    await page.locator('#login-password-error').waitFor()
    check(
      (await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')) === 'true',
      'password not marked invalid',
    )
    await shot(page, '03-login-error')
  })

  await run('sign in: back to the page of origin, name in the header', async () => {
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Accedi', exact: true }).click()
    await page.waitForURL(`${base}/`)
    await page.getByRole('button', { name: 'Esci' }).waitFor()
    check((await page.locator('header').innerText()).includes('Operatrice CpF La Spezia'), 'user not shown in the header')
  })

  await run('questions: list with filters', async () => {
    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Domande' }).click()
    await page.waitForURL(/\/domande$/)
    await page.locator('.question-list li').first().waitFor()
    await page.getByLabel('Solo senza risposta').check({ force: true })
    await page.getByRole('button', { name: 'Applica i filtri' }).click()
    await page.waitForURL(/senza-risposta=1/)
    await page.getByRole('heading', { level: 2, name: /^\d+ domand/ }).waitFor()
    await shot(page, '04-questions')
  })

  await run('ask: a short title is refused beside the field', async () => {
    await page.getByRole('link', { name: 'Fai una domanda' }).first().click()
    await page.waitForURL(/\/domande\/nuova$/)
    await page.getByLabel('Titolo').fill('Corto')
    await page.getByLabel('Testo').fill('Una prova.')
    await page.getByRole('button', { name: 'Pubblica la domanda' }).click()
    await page.locator('#ask-title-error').waitFor()
    await shot(page, '05-ask-error')
  })

  await run('ask: the question opens on its page', async () => {
    await page.getByLabel('Titolo').fill(title)
    await page
      .getByLabel('Testo')
      .fill(
        'Nel nostro Centro vorremmo invitare i **nonni** agli incontri di gruppo per genitori.\n\n- Avete esperienze?\n- Con quali tempi?',
      )
    await page.getByLabel('Etichette').fill('nonni, gruppi')
    await page.getByLabel('Area di servizio').selectOption('sostegno-genitorialita')
    await page.getByRole('button', { name: 'Pubblica la domanda' }).click()
    await page.waitForURL(/\/domande\/(?!nuova)[^/]+$/)
    questionUrl = page.url()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    check((await page.locator('.post-question .post-body strong').innerText()) === 'nonni', 'Markdown not rendered')
  })

  await run('question: voting on one’s own question shows the server’s refusal', async () => {
    await page.locator('.post-question').getByRole('button', { name: 'Voto positivo' }).click()
    await page.locator('.post-question .vote-message[role=alert]').waitFor()
  })

  await run('question: answer, then accept it as the author', async () => {
    await page
      .getByLabel('Testo della risposta')
      .fill('Da noi funziona un incontro dedicato, una volta al mese, il sabato mattina.')
    await page.getByRole('button', { name: 'Pubblica la risposta' }).click()
    await page.getByRole('heading', { name: '1 risposta' }).waitFor()
    await page.getByRole('button', { name: /Accetta questa risposta/ }).click()
    await page.getByText('Risposta accettata').waitFor()
    await shot(page, '06-question')
  })

  await run('question: accessibility (axe)', () => axe(page, 'question'))

  await run('search: a typo still finds highlighted passages', async () => {
    await page.goto(`${base}/`)
    const box = page.getByRole('combobox', { name: /Cerca domande/ })
    await box.fill('mediazone familiare')
    await box.press('Enter')
    await page.waitForURL(/\/cerca\?q=mediazone/)
    await page.locator('.search-hit mark').first().waitFor()
    check((await page.locator('.search-hit').count()) > 0, 'no results')
    check((await page.getByRole('navigation', { name: /Tipo/ }).innerText()).includes('Linea guida'), 'no type facet')
    await shot(page, '07-search')
  })

  await run('search: accessibility (axe)', () => axe(page, 'search'))

  await run('search: a typo offers the corrected query', async () => {
    const link = page.locator('.search-did-you-mean a')
    await link.waitFor()
    check((await link.innerText()) === 'mediazione familiare', `suggested ${await link.innerText()}`)
    await link.click()
    await page.waitForURL(/\/cerca\?q=mediazione\+familiare/)
    await page.locator('.search-hit mark').first().waitFor()
    check((await page.locator('.search-did-you-mean').count()) === 0, 'a suggestion for a query without typos')
  })

  await run('search: one hit per document, the section as the link, other sections under it', async () => {
    const guideline = page.locator('.search-hit', { has: page.locator('.search-hit-more') }).first()
    await guideline.waitFor()
    const titles = await page.locator('.search-hit .search-hit-heading').allInnerTexts()
    check(new Set(titles).size === titles.length, `a document shows twice: ${titles}`)
    check((await guideline.locator('.search-hit-more a').count()) > 0, 'no other sections')
  })

  await run('search: back from a hit returns to the same place in the results', async () => {
    await page.goto(`${base}/cerca?q=centro`)
    await page.locator('.search-hit').first().waitFor()
    await page.setViewportSize({ width: 1280, height: 500 })
    // Scrolled at once (the page scrolls smoothly otherwise), opened from the keyboard.
    const last = page.locator('.search-hit h3 a').last()
    await last.evaluate((el) => {
      window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - 200, behavior: 'instant' })
      el.focus({ preventScroll: true })
    })
    const y = await page.evaluate(() => window.scrollY)
    check(y > 0, 'the results do not scroll')
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => !u.pathname.startsWith('/cerca'))
    await page.goBack()
    await page.locator('.search-hit').first().waitFor()
    await page
      .waitForFunction((want) => Math.abs(window.scrollY - want) < 5, y, { timeout: 5000 })
      .catch(async () => check(false, `back at ${await page.evaluate(() => window.scrollY)}, not ${y}`))
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  await run('search: on a phone the filters open on demand', async () => {
    await page.setViewportSize({ width: 390, height: 800 })
    const facets = page.locator('#search-facets')
    check(!(await facets.isVisible()), 'filters shown before asking')
    await page.getByRole('button', { name: 'Mostra i filtri' }).click()
    check(await facets.isVisible(), 'filters not shown')
    await shot(page, '07-search-phone')
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  await run('search: "Carica altri" appends the next page and moves the focus to it', async () => {
    const before = await page.locator('.search-hit').count()
    await page.getByRole('button', { name: 'Carica altri' }).click()
    await page.waitForFunction((n) => document.querySelectorAll('.search-hit').length > n, before)
    const focused = await page.evaluate(() => document.activeElement?.closest('.search-hit') !== null)
    check(focused, 'the focus did not move to the new results')
  })

  await run('search: a facet filters the results', async () => {
    await page
      .getByRole('navigation', { name: /Tipo/ })
      .getByRole('link', { name: /Linea guida/ })
      .click()
    await page.waitForURL(/tipo=GUIDELINE_SECTION/)
    await page.locator('.search-hit mark').first().waitFor()
    const badges = await page.locator('.search-hit .badge').allInnerTexts()
    check(
      badges.every((b) => b === 'Linea guida'),
      `other types after filtering: ${badges}`,
    )
  })

  await run('guideline: a hit opens the section it names', async () => {
    const link = page.locator('.search-hit a[href*="/linee-guida/"][href*="#"]').first()
    const href = await link.getAttribute('href')
    const anchor = decodeURIComponent(href.split('#')[1])
    await link.click()
    await page.waitForURL((u) => u.hash === `#${encodeURIComponent(anchor)}` || u.hash === `#${anchor}`)
    const section = page.locator(`section[id="${anchor}"]`)
    await section.waitFor()
    check(await section.evaluate((el) => el === document.activeElement), 'the section does not have the focus')
    check(await section.isVisible(), 'section not visible')
    // Bootstrap scrolls smoothly: wait for the section to reach the top of the window.
    await page
      .waitForFunction((id) => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 100, anchor, { timeout: 5000 })
      .catch(() => check(false, 'the section was not scrolled to the top of the window'))
    await page.screenshot({ path: join(shots, '08-guideline-section.png') })
    await shot(page, '09-guideline')
  })

  await run('a vote on someone else’s question counts', async () => {
    await page.goto(`${base}/domande`)
    const other = page.locator('.question-list > li', { hasNotText: 'Operatrice CpF La Spezia' }).first()
    await other.getByRole('link').first().click()
    await page.locator('.post-question').waitFor()
    const up = page.locator('.post-question').getByRole('button', { name: 'Voto positivo' })
    const before = Number(await page.locator('.post-question .vote-score [aria-hidden]').innerText())
    const pressed = (await up.getAttribute('aria-pressed')) === 'true'
    await up.click()
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.getAttribute('aria-pressed') === want,
      ['.post-question .vote-buttons button', pressed ? 'false' : 'true'],
    )
    const after = Number(await page.locator('.post-question .vote-score [aria-hidden]').innerText())
    check(after === before + (pressed ? -1 : 1), `score ${before} → ${after}`)
  })

  await run('404 page', async () => {
    await page.goto(`${base}/pagina-che-non-esiste`)
    await page.getByRole('heading', { level: 1, name: 'Pagina non trovata' }).waitFor()
    await shot(page, '10-not-found')
  })

  await run('sign out', async () => {
    await page.goto(questionUrl)
    await page.getByRole('button', { name: 'Esci' }).click()
    await page.getByText('Sei uscito da Gemella.').waitFor()
    await page.getByRole('link', { name: 'Accedi' }).first().waitFor()
  })

  await run('trainer: import a guideline (multipart upload)', async () => {
    const trainer = await browser.newContext({
      locale: 'it-IT',
      timezoneId: 'Europe/Rome',
      viewport: { width: 1280, height: 900 },
    })
    trainer.setDefaultTimeout(15_000)
    const tp = await trainer.newPage()
    watch(tp, 'formatrice')
    await signIn(tp, 'formatrice@gemella.test')
    await tp.goto(`${base}/linee-guida`)
    await tp.getByRole('heading', { name: 'Importa linea guida' }).waitFor()
    await tp.getByLabel('Titolo').fill(`Linee guida di prova per l’accoglienza (${stamp})`)
    await tp.getByLabel('Anno').fill('2024')
    await tp.getByLabel('Documento').setInputFiles({
      name: 'accoglienza.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(
        '# Accoglienza\n\n## Primo colloquio\n\nIl primo colloquio si svolge entro due settimane dalla richiesta.\n\n## Rete dei servizi\n\nIl Centro lavora con i servizi sociali e sanitari del territorio.\n',
      ),
    })
    await tp.getByLabel('Area di servizio').selectOption('orientamento')
    await tp.getByRole('button', { name: 'Importa' }).click()
    await tp.getByText(/importata: \d+ sezion/).waitFor()
    await shot(tp, '11-guidelines-import')
    await tp.getByRole('link', { name: 'Apri la linea guida' }).click()
    await tp.getByRole('heading', { level: 2, name: 'Primo colloquio' }).waitFor()
    await trainer.close()
  })

  await run('admin: the search thesaurus is edited and applied', async () => {
    const admin = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome', viewport: { width: 1280, height: 900 } })
    admin.setDefaultTimeout(15_000)
    const ap = await admin.newPage()
    watch(ap, 'admin')
    await signIn(ap, 'admin@gemella.test')
    await ap.goto(`${base}/admin/tesauro`)
    const text = ap.getByLabel('Voci del tesauro')
    await text.waitFor()
    const before = await text.inputValue()
    check(before.includes('affido = affidamento familiare'), 'the thesaurus is not shown')
    await text.fill(`${before}\nriga senza uguale`)
    await ap.getByRole('button', { name: 'Salva e applica' }).click()
    await ap
      .getByText(/Riga \d+: servono almeno due termini/)
      .first()
      .waitFor()
    await text.fill(before)
    await ap.getByRole('button', { name: 'Salva e applica' }).click()
    await ap.getByText('Tesauro salvato: la ricerca lo usa già.').waitFor()
    await shot(ap, '13-thesaurus')
    await axe(ap, 'thesaurus')
    await admin.close()
  })

  await run('twinnings: the list shows each space’s visibility (axe)', async () => {
    const anon = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome', viewport: { width: 1280, height: 900 } })
    anon.setDefaultTimeout(15_000)
    const ap = await anon.newPage()
    watch(ap, 'anonimo')
    await ap.goto(`${base}/gemellaggi`)
    await ap.getByRole('heading', { level: 1, name: 'Gemellaggi' }).waitFor()
    await ap.locator('.twinning-card').first().waitFor()
    check((await ap.locator('.twinning-card').count()) >= 3, 'expected at least three twinnings')
    check((await ap.locator('.twinning-card .visibility-badge').count()) >= 3, 'cards without a visibility badge')
    await shot(ap, '20-twinnings')
    await axe(ap, 'twinnings')
    await ap.locator('.twinning-card h3 a').first().click()
    await ap.waitForURL(/\/gemellaggi\/[^/]+$/)
    await ap.getByRole('heading', { level: 2, name: 'Fasi' }).waitFor()
    await anon.close()
  })

  const coordinator = await browser.newContext({
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    viewport: { width: 1280, height: 900 },
  })
  coordinator.setDefaultTimeout(15_000)
  const cp = await coordinator.newPage()
  watch(cp, 'coordinatrice')
  const spaceTitle = `Gemellaggio di prova sull’accoglienza (${stamp})`
  let spaceUrl = ''
  const operator = await browser.newContext({
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    viewport: { width: 1280, height: 900 },
  })
  operator.setDefaultTimeout(15_000)
  const op = await operator.newPage()
  watch(op, 'operatrice')

  await run('new twinning: every field’s error at once', async () => {
    await signIn(cp, 'coordinatrice@gemella.test')
    await cp.goto(`${base}/gemellaggi`)
    await cp.getByRole('link', { name: 'Nuovo gemellaggio' }).click()
    await cp.waitForURL(/\/gemellaggi\/nuovo$/)
    await cp.getByRole('button', { name: 'Crea il gemellaggio' }).click()
    for (const id of ['twinning-title', 'twinning-summary', 'twinning-area', 'twinning-lead', 'twinning-receiving'])
      await cp.locator(`#${id}-error`).waitFor()
    await shot(cp, '21-twinning-new-errors')
    await axe(cp, 'new twinning')
  })

  await run('new twinning: a restricted space opens on its page', async () => {
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
    await shot(cp, '22-twinning-manager')
    await axe(cp, 'twinning (manager)')
  })

  await run('twinning: a non-member sees the card and asks to join (axe)', async () => {
    await signIn(op, 'operatore@gemella.test')
    await op.goto(spaceUrl)
    await op.getByRole('heading', { name: 'Contenuto riservato' }).waitFor()
    check((await op.getByRole('heading', { name: 'Scheda di visita' }).count()) === 0, 'restricted content shown')
    await axe(op, 'twinning (reserved)')
    await op.getByRole('button', { name: 'Chiedi di partecipare' }).click()
    await op.getByLabel(/Messaggio per chi coordina/).fill('Seguo l’accoglienza nel mio Centro.')
    await op.getByRole('button', { name: 'Invia la richiesta' }).click()
    await op.getByText('Richiesta inviata').waitFor()
    await shot(op, '23-twinning-join-sent')
  })

  await run('twinning: the coordinator approves the request with a role', async () => {
    await cp.reload()
    const req = cp.locator('.join-request', { hasText: 'Operatrice CpF La Spezia' })
    await req.waitFor()
    await req.getByLabel(/Ruolo da dare/).selectOption('RECEIVING')
    await req.getByRole('button', { name: /Approva/ }).click()
    await cp.getByText('Operatrice CpF La Spezia ora fa parte dello spazio.').waitFor()
    await cp.locator('.member-item', { hasText: 'Operatrice CpF La Spezia' }).waitFor()
  })

  await run('twinning: a member edits the visit schema; the earlier text stays readable', async () => {
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
    await shot(op, '24-twinning-member')
    await axe(op, 'twinning (member)')
  })

  await run('twinning: a question asked in the space is marked "Riservato"', async () => {
    await op.getByRole('link', { name: 'Fai una domanda in questo spazio' }).click()
    await op.waitForURL(/\/domande\/nuova\?spazio=/)
    await op.getByText(/La domanda sarà fatta nello spazio/).waitFor()
    await op.getByLabel('Titolo').fill(`Come organizzate il primo colloquio di accoglienza? (${stamp})`)
    await op.getByLabel('Testo').fill('Nel gemellaggio vorremmo confrontare i tempi del primo colloquio.')
    await op.getByRole('button', { name: 'Pubblica la domanda' }).click()
    await op.waitForURL(/\/domande\/(?!nuova)[^/]+$/)
    const note = op.locator('.space-note')
    await note.waitFor()
    check((await note.innerText()).includes('Riservato'), 'the question is not marked restricted')
    await op.goto(spaceUrl)
    await op.locator('#domande .question-item').first().waitFor()
  })

  await run('twinning: a removed member reads the card only, from their next request', async () => {
    await cp.reload()
    await cp.getByRole('button', { name: 'Rimuovi Operatrice CpF La Spezia dallo spazio' }).click()
    await cp.getByRole('button', { name: 'Sì, rimuovi' }).click()
    await cp.getByText('Operatrice CpF La Spezia non fa più parte dello spazio.').waitFor()
    await op.reload()
    await op.getByRole('heading', { name: 'Contenuto riservato' }).waitFor()
    await coordinator.close()
    await operator.close()
  })

  await run('small screen: home', async () => {
    const phone = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome', viewport: { width: 390, height: 844 } })
    const pp = await phone.newPage()
    watch(pp, 'phone')
    await pp.goto(`${base}/`)
    await pp.getByRole('heading', { name: 'Gemellaggio sul servizio di mediazione familiare' }).waitFor()
    await shot(pp, '12-home-phone')
    await phone.close()
  })

  check(problems.length === 0, `the pages reported problems:\n  ${problems.join('\n  ')}`)
  console.log(`smoke: all steps passed; screenshots in ${shots}`)
} catch (e) {
  console.error(`FAIL ${e.message}`)
  for (const ctx of browser.contexts())
    for (const p of ctx.pages()) await p.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {})
  if (problems.length) console.error(`also:\n  ${problems.join('\n  ')}`)
  process.exitCode = 1
} finally {
  await browser.close()
}
