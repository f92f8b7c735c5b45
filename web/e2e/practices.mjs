// Browser check of the good-practice pages against a running Gemella (gemella dev with demo
// data), run by e2e/run.mjs as one of its flows, or alone:
//
//   GEMELLA_URL=http://127.0.0.1:8080 GEMELLA_DEMO_PASSWORD=… node e2e/practices.mjs
//
// The list and its filters (folded on a phone), a practice's page with where it travelled,
// the form showing every field's error at once, then publishing; axe-core on each page.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const base = (process.env.GEMELLA_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')
const password = process.env.GEMELLA_DEMO_PASSWORD
if (!password) {
  console.error('practices: set GEMELLA_DEMO_PASSWORD to the demo accounts’ password')
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

async function axe(page, name) {
  await page.evaluate(axeSource)
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  )
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  for (const v of result.violations) {
    console.log(
      `     axe ${name}: ${v.impact} ${v.id}: ${v.help} [${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}]`,
    )
  }
  check(bad.length === 0, `axe found ${bad.length} serious or critical violations on ${name}`)
}

const browser = await chromium.launch({
  executablePath,
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
  const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error on ${page.url()}: ${msg.text()}`))
  page.on('pageerror', (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`))

  await run('home: latest practices and the menu link', async () => {
    await page.goto(`${base}/`)
    await page.getByRole('heading', { name: 'Ultime buone pratiche' }).waitFor()
    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Buone pratiche' }).click()
    await page.getByRole('heading', { level: 1, name: 'Buone pratiche' }).waitFor()
  })

  await run('list: the demo practices, then a level filter', async () => {
    const count = page.getByRole('heading', { level: 2, name: /^\d+ buone pratiche$/ })
    await count.waitFor()
    check(/^[5-9]\d* buone pratiche$/.test(await count.innerText()), `count: ${await count.innerText()}`)
    await page.getByLabel('Livello di maturità').selectOption('ESTABLISHED')
    await page.getByRole('button', { name: 'Applica i filtri' }).click()
    await page.getByRole('heading', { level: 2, name: '1 buona pratica' }).waitFor()
    check(page.url().includes('livello=ESTABLISHED'), `the filter is in the address: ${page.url()}`)
    await page.screenshot({ path: join(shots, 'practices.png'), fullPage: true })
  })

  await run('list: accessibility (axe)', () => axe(page, 'practices'))

  await run('practice: every section and where it travelled', async () => {
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
    await page.screenshot({ path: join(shots, 'practice.png'), fullPage: true })
  })

  await run('practice: accessibility (axe)', () => axe(page, 'practice'))

  await run('publish: every field’s error at once', async () => {
    await page.goto(`${base}/accedi?ritorno=${encodeURIComponent('/buone-pratiche/nuova')}`)
    await page.getByLabel('Email').fill('operatore@gemella.test')
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Accedi', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Pubblica una buona pratica' }).waitFor()
    await page.getByLabel('Livello di maturità').selectOption('PROMISING')
    await page.getByRole('button', { name: 'Pubblica', exact: true }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'Correggi questi problemi' })
    await summary.waitFor()
    const items = await summary.locator('li').count()
    check(items === 8, `title, five sections, area and evidence: ${items} errors`)
    check((await page.locator('.invalid-feedback').count()) === items, 'each error beside its field')
    await page.screenshot({ path: join(shots, 'publish-errors.png'), fullPage: true })
  })

  await run('publish: accessibility (axe)', () => axe(page, 'publish'))

  await run('publish: the practice opens on its page', async () => {
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

  await run('small screen: the filters fold behind a button', async () => {
    const phone = await browser.newContext({ locale: 'it-IT', viewport: { width: 375, height: 800 } })
    const p = await phone.newPage()
    await p.goto(`${base}/buone-pratiche`)
    const toggle = p.getByRole('button', { name: 'Mostra i filtri' })
    await toggle.waitFor()
    check(!(await p.getByLabel('Livello di maturità').isVisible()), 'filters folded')
    await toggle.click()
    check(await p.getByLabel('Livello di maturità').isVisible(), 'filters shown')
    check((await p.getByRole('button', { name: 'Nascondi i filtri' }).getAttribute('aria-expanded')) === 'true', 'aria-expanded')
    await p.screenshot({ path: join(shots, 'practices-phone.png'), fullPage: true })
    await phone.close()
  })
  check(problems.length === 0, problems.join('\n'))
} finally {
  await browser.close()
}
