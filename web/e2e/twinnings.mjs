// Browser check of a twinning's space against a running Gemella (gemella dev with demo data),
// run by e2e/run.mjs as one of its flows, or alone:
//
//   GEMELLA_URL=http://127.0.0.1:8080 GEMELLA_DEMO_PASSWORD=… node e2e/twinnings.mjs
//
// The list with each space's visibility, the new-twinning form's errors, a restricted space
// created by the coordinator, a non-member's reserved view and request to join, its approval
// with a role, the visit schema edited with the earlier text readable, a question asked in the
// space marked "Riservato", a person found by part of their name and added by keyboard, and
// the removed member reading the card only; axe-core on each page (serious and critical
// violations fail). Screenshots go to e2e/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const base = (process.env.GEMELLA_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')
const password = process.env.GEMELLA_DEMO_PASSWORD
if (!password) {
  console.error('twinnings: set GEMELLA_DEMO_PASSWORD to the demo accounts’ password')
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
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')

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

  await run('twinning: the coordinator finds a person by part of the name and adds them, by keyboard (axe)', async () => {
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
    await shot(cp, '25-twinning-member-search')
    await axe(cp, 'twinning (member search)')
    await cp.getByLabel('Ruolo da dare', { exact: true }).focus()
    await cp.keyboard.press('Tab')
    const focused = await cp.evaluate(() => document.activeElement?.textContent ?? '')
    check(focused.includes('Aggiungi come Formazione') && focused.includes('Formatrice CpF Rimini'), `Tab reached “${focused}”`)
    await cp.keyboard.press('Enter')
    await cp.getByText('Formatrice CpF Rimini ora fa parte dello spazio.').waitFor()
    await cp.locator('.member-item', { hasText: 'Formatrice CpF Rimini' }).waitFor()
    await cp.getByText('Nessuna persona trovata tra chi non fa già parte dello spazio.').waitFor()
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

  check(problems.length === 0, `the pages reported problems:\n  ${problems.join('\n  ')}`)
  console.log(`twinnings: all steps passed; screenshots in ${shots}`)
} catch (e) {
  console.error(`FAIL ${e.message}`)
  for (const ctx of browser.contexts())
    for (const p of ctx.pages()) await p.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {})
  if (problems.length) console.error(`also:\n  ${problems.join('\n  ')}`)
  process.exitCode = 1
} finally {
  await browser.close()
}
