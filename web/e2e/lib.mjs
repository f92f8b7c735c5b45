// The browser tests' toolkit: Debian's chromium through playwright-core, a small runner of
// flows (steps of one flow stop at its first failure, other flows go on), axe-core checks,
// screenshots, keyboard-only navigation, and what the flows share: browser contexts, the demo
// accounts, signing in, GraphQL calls from a page.
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const desktop = { locale: 'it-IT', timezoneId: 'Europe/Rome', viewport: { width: 1280, height: 900 } }
export const phone = {
  locale: 'it-IT',
  timezoneId: 'Europe/Rome',
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
}

export const accounts = {
  operator: { email: 'operatore@gemella.test', name: 'Operatrice CpF La Spezia' },
  trainer: { email: 'formatrice@gemella.test', name: 'Formatrice CpF Rimini' },
  coordinator: { email: 'coordinatrice@gemella.test', name: 'Coordinatrice regionale Piemonte' },
  moderator: { email: 'moderatore@gemella.test', name: 'Moderazione Gemella' },
  admin: { email: 'admin@gemella.test' },
}

/** A suffix that makes this run's titles and addresses its own. */
export const stamp = () => new Date().toISOString().slice(11, 23).replace(/[:.]/g, '')

/** A browser context of its own and its page, watched by the runner as who. */
export async function open(browser, runner, who, options = desktop) {
  const context = await browser.newContext(options)
  context.setDefaultTimeout(15_000)
  const page = runner.watch(await context.newPage(), who)
  return { context, page }
}

/** Signs in on the sign-in page; with then, a path, the page goes there afterwards. */
export async function signIn(page, base, email, password, { then } = {}) {
  await page.goto(`${base}/accedi${then ? `?ritorno=${encodeURIComponent(then)}` : ''}`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Accedi', exact: true }).click()
  await page.getByRole('button', { name: 'Esci' }).waitFor()
}

/** A GraphQL request from the page, with its session: the answer's JSON. */
export async function gql(page, query, variables = {}) {
  return page.evaluate(
    async ([query, variables]) => {
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
      return r.json()
    },
    [query, variables],
  )
}

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: chromiumFlags })
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export class Failure extends Error {}

export function check(ok, message) {
  if (!ok) throw new Failure(message)
}

export class Runner {
  constructor({ shots }) {
    this.shots = shots
    // Only this run's pictures: a failure's screenshot of an earlier run would mislead.
    rmSync(shots, { recursive: true, force: true })
    mkdirSync(shots, { recursive: true })
    this.passed = 0
    this.failed = 0
    this.skipped = 0
    this.failures = []
    this.problems = []
    this.pages = new Set()
  }

  /** Reports problems the page shows: CSP violations, uncaught errors, console errors. */
  watch(page, who) {
    this.pages.add(page)
    page.on('close', () => this.pages.delete(page))
    page.on('console', (msg) => {
      // A refused request is reported by the page that made it, with the status the test expects.
      if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text()))
        this.problems.push(`${who} console error on ${page.url()}: ${msg.text()}`)
    })
    page.on('pageerror', (err) => this.problems.push(`${who} uncaught error on ${page.url()}: ${err.message}`))
    return page
  }

  async shot(page, name) {
    await page.screenshot({ path: join(this.shots, `${name}.png`), fullPage: true })
  }

  /** Runs one flow: its steps in order; after a failed step the rest are skipped. */
  async flow(name, body) {
    let broken = false
    const step = async (stepName, fn) => {
      const label = `${name} › ${stepName}`
      if (broken) {
        this.skipped++
        console.log(`skip ${label}`)
        return
      }
      const started = Date.now()
      const before = this.problems.length
      try {
        await fn()
        const fresh = this.problems.slice(before)
        check(fresh.length === 0, `the page reported problems:\n    ${fresh.join('\n    ')}`)
        this.passed++
        console.log(`ok   ${label} (${Date.now() - started} ms)`)
      } catch (e) {
        broken = true
        this.failed++
        this.failures.push(label)
        console.log(`FAIL ${label} (${Date.now() - started} ms)\n     ${e instanceof Failure ? e.message : e.stack}`)
        const slug = label.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)
        let i = 0
        for (const p of this.pages) await this.shot(p, `failure-${slug}-${i++}`).catch(() => {})
      }
    }
    try {
      await body(step)
    } catch (e) {
      this.failed++
      this.failures.push(name)
      console.log(`FAIL ${name}: ${e.stack}`)
    }
  }

  /** Runs axe-core in the page: serious and critical violations fail, others are listed. */
  async axe(page, name) {
    // evaluate() runs through DevTools, which the page's CSP does not restrict (an injected
    // <script> would be refused, as it should be).
    await page.evaluate(axeSource)
    const result = await page.evaluate(() =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      }),
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

  summary() {
    return `e2e: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`
  }
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches selector and, when name is
 * given, its label, aria-label or text includes name, as a keyboard user would; fails after
 * max presses.
 */
export async function tabTo(page, selector, name = '', { max = 80, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    const hit = await page.evaluate(
      ([sel, want]) => {
        const el = document.activeElement
        if (!el || el === document.body || !el.matches(sel)) return false
        const label = [...(el.labels ?? [])].map((l) => l.textContent).join(' ')
        const text = `${el.getAttribute('aria-label') ?? ''} ${label} ${el.textContent ?? ''}`
        return text.includes(want)
      },
      [selector, name],
    )
    if (hit) return
  }
  throw new Failure(`Tab never reached ${selector} «${name}»`)
}

/** Whether the focus sits where a keyboard user can see it (not on <body>). */
export async function focusIsOnPage(page) {
  return page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body)
}
