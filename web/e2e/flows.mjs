// The flows the browser tests go through, each in browser contexts of its own. A flow's steps
// depend on the ones before; flows do not depend on each other.
import { accounts, check, focusIsOnPage, gql, open, phone, signIn, stamp, tabTo } from './lib.mjs'

export const flows = [
  {
    name: 'home',
    async run({ step, browser, runner, base }) {
      const { context, page } = await open(browser, runner, 'anonima')
      await step('intro, twinnings in Italian, latest questions', async () => {
        await page.goto(`${base}/`)
        await page.getByRole('heading', { level: 1, name: 'Benvenuta e benvenuto in Gemella' }).waitFor()
        check((await page.locator('html').getAttribute('lang')) === 'it', 'html lang is not it')
        await page.getByRole('heading', { name: 'Gemellaggio sul servizio di mediazione familiare' }).waitFor()
        check((await page.locator('article.it-card').count()) === 3, 'expected three twinnings')
        const twinnings = await page.locator('article.it-card').allInnerTexts()
        check(
          twinnings.some((t) => t.includes('27–28 giugno 2023')),
          `Rimini's dates not in Italian format: ${twinnings.join(' | ')}`,
        )
        await page.locator('.question-list li').first().waitFor()
        await runner.shot(page, 'home')
      })
      await step('accessibility (axe)', () => runner.axe(page, 'home'))
      await step('suggestions while typing', async () => {
        const box = page.getByRole('combobox', { name: /Cerca/ })
        await box.pressSequentially('medi', { delay: 40 })
        await page.getByRole('option').first().waitFor()
        await runner.shot(page, 'home-suggestions')
        await box.press('Escape')
      })
      await context.close()
    },
  },

  {
    name: 'sign in',
    async run({ step, browser, runner, base, password }) {
      const { context, page } = await open(browser, runner, 'operatrice')
      await step('empty form: both fields named, no request sent', async () => {
        await page.goto(`${base}/accedi`)
        let sent = 0
        page.on('request', (r) => r.url().endsWith('/graphql') && (r.postData() ?? '').includes('mutation Login') && sent++)
        await page.getByRole('button', { name: 'Accedi', exact: true }).click()
        await page.locator('#login-email-error', { hasText: 'Scrivi l’indirizzo email.' }).waitFor()
        await page.locator('#login-password-error', { hasText: 'Scrivi la password.' }).waitFor()
        check(sent === 0, `${sent} requests sent for an empty form`)
        check(await focusIsOnPage(page), 'the focus fell to <body>')
      })
      await step('wrong password: the error beside the field', async () => {
        await page.goto(`${base}/`)
        await page.getByRole('link', { name: 'Accedi' }).click()
        await page.waitForURL(/\/accedi/)
        await page.getByLabel('Email').fill(accounts.operator.email)
        await page.getByLabel('Password', { exact: true }).fill('password-sbagliata')
        await page.getByRole('button', { name: 'Accedi', exact: true }).click()
        await page.locator('#login-password-error').waitFor()
        check(
          (await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')) === 'true',
          'password not marked invalid',
        )
        await runner.shot(page, 'login-error')
      })
      await step('accessibility (axe)', () => runner.axe(page, 'login'))
      await step('back to the page of origin, name in the header', async () => {
        await page.getByLabel('Password', { exact: true }).fill(password)
        await page.getByRole('button', { name: 'Accedi', exact: true }).click()
        await page.waitForURL(`${base}/`)
        await page.getByRole('button', { name: 'Esci' }).waitFor()
        check((await page.locator('header').innerText()).includes(accounts.operator.name), 'user not shown in the header')
      })
      await context.close()
    },
  },

  {
    name: 'questions and answers',
    async run({ step, browser, runner, base, password }) {
      const { context, page } = await open(browser, runner, 'operatrice')
      const title = `Come coinvolgere i nonni negli incontri di gruppo? (prova ${stamp()})`
      await step('sign in', () => signIn(page, base, accounts.operator.email, password))
      await step('questions: list with filters', async () => {
        await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Domande' }).click()
        await page.waitForURL(/\/domande$/)
        await page.locator('.question-list li').first().waitFor()
        await page.getByLabel('Solo senza risposta').check({ force: true })
        await page.getByRole('button', { name: 'Applica i filtri' }).click()
        await page.waitForURL(/senza-risposta=1/)
        await page.getByRole('heading', { level: 2, name: /^\d+ domand/ }).waitFor()
        await runner.shot(page, 'questions')
      })
      await step('questions: order by votes and filter by region', async () => {
        await page.goto(`${base}/domande`)
        await page.getByLabel('Ordine').selectOption('votate')
        const regions = await page.getByLabel('Regione').locator('option').allInnerTexts()
        check(regions.length > 1, 'no regions to choose')
        await page.getByRole('button', { name: 'Applica i filtri' }).click()
        await page.waitForURL(/ordine=votate/)
        await page.locator('.question-list li').first().waitFor()
        const scores = await page.locator('.question-counts span:first-child').allInnerTexts()
        const n = scores.map((t) => parseInt(t, 10))
        check(
          n.every((x, i) => i === 0 || n[i - 1] >= x),
          `not by votes: ${n}`,
        )
        const all = await page.getByRole('heading', { level: 2, name: /^\d+ domand/ }).innerText()
        await page.getByLabel('Parole nel titolo o nel testo').fill('INDICATORI')
        await page.getByRole('button', { name: 'Applica i filtri' }).click()
        await page.waitForURL(/testo=INDICATORI/)
        await page.getByRole('link', { name: 'Quali indicatori usate per misurare gli esiti dei servizi del Centro?' }).waitFor()
        const some = await page.getByRole('heading', { level: 2, name: /^\d+ domand/ }).innerText()
        check(parseInt(some, 10) < parseInt(all, 10), `the text filter kept ${some} of ${all}`)
        await page.getByLabel('Parole nel titolo o nel testo').fill('')
        await page.getByLabel('Regione').selectOption({ index: 1 })
        await page.getByRole('button', { name: 'Applica i filtri' }).click()
        await page.waitForURL(/regione=/)
        await page.getByRole('heading', { level: 2, name: /^\d+ domand/ }).waitFor()
      })
      await step('questions: accessibility (axe)', () => runner.axe(page, 'questions'))
      await step('ask: a short title is refused beside the field', async () => {
        await page.getByRole('link', { name: 'Fai una domanda' }).first().click()
        await page.waitForURL(/\/domande\/nuova$/)
        await page.getByLabel('Titolo').fill('Corto')
        await page.getByLabel('Testo').fill('Una prova.')
        await page.getByRole('button', { name: 'Pubblica la domanda' }).click()
        await page.locator('#ask-title-error').waitFor()
        await runner.shot(page, 'ask-error')
      })
      await step('ask: accessibility (axe)', () => runner.axe(page, 'ask'))
      await step('ask: a wrong tag is named in the message', async () => {
        await page.getByLabel('Titolo').fill(title)
        await page.getByLabel('Etichette').fill('nonni, gruppi!')
        await page.getByRole('button', { name: 'Pubblica la domanda' }).click()
        await page.locator('#ask-tags-error', { hasText: '«gruppi!»' }).waitFor()
      })
      await step('ask: the question opens on its page', async () => {
        await page.getByLabel('Titolo').fill(title)
        await page
          .getByLabel('Testo')
          .fill('Vorremmo invitare i **nonni** agli incontri di gruppo per genitori.\n\n- Avete esperienze?\n- Con quali tempi?')
        await page.getByLabel('Etichette').fill('nonni, Famiglia d’origine')
        await page.getByLabel('Area di servizio').selectOption('sostegno-genitorialita')
        await page.getByRole('button', { name: 'Pubblica la domanda' }).click()
        await page.waitForURL(/\/domande\/(?!nuova)[^/]+$/)
        await page.getByRole('heading', { level: 1, name: title }).waitFor()
        check((await page.locator('.post-question .post-body strong').innerText()) === 'nonni', 'Markdown not rendered')
        await page.locator('.post-question .tag-list', { hasText: "famiglia-d'origine" }).waitFor()
      })
      await step('own question: the score without vote buttons; the author’s centre shown', async () => {
        check((await page.locator('.post-question .vote-score').count()) === 1, 'no score')
        check((await page.locator('.post-question .vote-buttons button').count()) === 0, 'vote buttons on one’s own question')
        const me = await gql(page, '{ me { center { name } region { name } } }')
        const centre = me.data.me.center?.name
        check(!!centre, 'the demo operator has no centre')
        check((await page.locator('.post-question .post-main').innerText()).includes(centre), `centre ${centre} not shown`)
      })
      await step('comment: added, shown and focused', async () => {
        await page.locator('.post-question').getByRole('button', { name: 'Aggiungi un commento' }).click()
        await page.getByLabel('Il tuo commento').fill('Aggiungo: il sabato mattina sarebbe l’ideale.')
        await page.getByRole('button', { name: 'Pubblica il commento' }).click()
        await page.locator('.post-question .comment-list li', { hasText: 'il sabato mattina' }).waitFor()
        await page.waitForFunction(() => document.activeElement?.id?.startsWith('commento-'))
      })
      await step('edit: the new text, and a diff of what changed', async () => {
        await page.getByRole('button', { name: 'Modifica la domanda' }).click()
        const body = page.locator('#edit-question-body')
        await body.fill(
          'Vorremmo invitare i **nonni** agli incontri di gruppo per genitori.\n\n- Avete esperienze?\n- In quali orari?',
        )
        await page.getByRole('button', { name: 'Salva le modifiche' }).click()
        await page.locator('.post-question .post-body', { hasText: 'In quali orari?' }).waitFor()
        await page.getByText(/Modificata 1 volta/).click()
        check((await page.locator('.diff ins').innerText()).includes('In quali orari?'), 'the added line is not marked')
        check((await page.locator('.diff del').innerText()).includes('Con quali tempi?'), 'the removed line is not marked')
        await runner.shot(page, 'question-edited')
      })
      await step('answer, then accept it as the author', async () => {
        await page
          .getByLabel('Testo della risposta')
          .fill('Da noi funziona un incontro dedicato, una volta al mese, il sabato mattina.')
        await page.getByRole('button', { name: 'Pubblica la risposta' }).click()
        await page.getByRole('heading', { name: '1 risposta' }).waitFor()
        await page.getByRole('button', { name: /Accetta questa risposta/ }).click()
        await page.getByText('Risposta accettata').waitFor()
        await runner.shot(page, 'question')
      })
      await step('un-accept, then accept again', async () => {
        await page.getByRole('button', { name: /Annulla l’accettazione di questa risposta/ }).click()
        await page.getByRole('button', { name: /Accetta questa risposta/ }).waitFor()
        check((await page.getByText('Risposta accettata').count()) === 0, 'still marked accepted')
        check(await focusIsOnPage(page), 'the focus fell to <body>')
        await page.getByRole('button', { name: /Accetta questa risposta/ }).click()
        await page.getByText('Risposta accettata').waitFor()
      })
      await step('question: accessibility (axe)', () => runner.axe(page, 'question'))
      await step('a vote on someone else’s question counts', async () => {
        await page.goto(`${base}/domande`)
        const other = page.locator('.question-list > li', { hasNotText: accounts.operator.name }).first()
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
      await step('back from a question returns to the same place in the list', async () => {
        await page.goto(`${base}/domande`)
        await page.locator('.question-list li').nth(10).waitFor()
        const link = page.locator('.question-list li h3 a').nth(8)
        await link.scrollIntoViewIfNeeded()
        const y = await page.evaluate(() => window.scrollY)
        check(y > 200, `the list is not scrolled (${y}px)`)
        await link.click()
        await page.locator('.post-question').waitFor()
        check((await page.evaluate(() => window.scrollY)) < 50, 'the question does not open at its top')
        await page.goBack()
        await page.locator('.question-list li').nth(10).waitFor()
        await page
          .waitForFunction((y) => Math.abs(window.scrollY - y) < 5, y, { timeout: 5000 })
          .catch(async () => check(false, `back at ${await page.evaluate(() => window.scrollY)}px, not ${y}px`))
      })
      await step('profile: my questions and the ones I answered', async () => {
        await page
          .locator('header')
          .getByRole('link', { name: new RegExp(accounts.operator.name) })
          .click()
        await page.waitForURL(/\/profilo$/)
        await page.getByRole('heading', { level: 1, name: accounts.operator.name }).waitFor()
        const mine = page.locator('section', { has: page.getByRole('heading', { name: /Le mie domande/ }) })
        await mine.getByRole('link', { name: title }).waitFor()
        const answered = page.locator('section', { has: page.getByRole('heading', { name: /a cui ho risposto/ }) })
        await answered.getByRole('link', { name: title }).waitFor()
        await runner.shot(page, 'profile')
      })
      await step('profile: accessibility (axe)', () => runner.axe(page, 'profile'))
      await step('sign out', async () => {
        await page.getByRole('button', { name: 'Esci' }).click()
        await page.getByText('Sei uscita/o da Gemella.').waitFor()
        await page.getByRole('link', { name: 'Accedi' }).first().waitFor()
      })
      await context.close()
    },
  },

  {
    name: 'keyboard only',
    async run({ step, browser, runner, base, password }) {
      const { context, page } = await open(browser, runner, 'operatrice (tastiera)')
      const other = await open(browser, runner, 'formatrice')
      const title = `Orari serali per i colloqui con le famiglie? (tastiera ${stamp()})`
      const kb = page.keyboard
      await step('sign in', async () => {
        await page.goto(`${base}/accedi`)
        await tabTo(page, 'input', 'Email')
        await kb.type(accounts.operator.email)
        await tabTo(page, 'input', 'Password')
        await kb.type(password)
        await kb.press('Enter')
        await page.getByRole('button', { name: 'Esci' }).waitFor()
      })
      await step('ask', async () => {
        await tabTo(page, 'a', 'Domande')
        await kb.press('Enter')
        await page.waitForURL(/\/domande$/)
        await tabTo(page, 'a', 'Fai una domanda')
        await kb.press('Enter')
        await page.waitForURL(/\/domande\/nuova$/)
        await tabTo(page, 'input', 'Titolo')
        await kb.type(title)
        await tabTo(page, 'textarea', 'Testo')
        await kb.type('Qualcuno offre colloqui dopo le 18 per i genitori che lavorano?')
        await tabTo(page, 'button', 'Pubblica la domanda')
        await kb.press('Enter')
        await page.getByRole('heading', { level: 1, name: title }).waitFor()
      })
      const questionUrl = page.url()
      await step('answer: the focus moves to the new answer', async () => {
        await tabTo(page, 'textarea', 'Testo della risposta')
        await kb.type('Una prima risposta di prova, scritta con la sola tastiera.')
        await tabTo(page, 'button', 'Pubblica la risposta')
        await kb.press('Enter')
        await page.getByRole('heading', { name: '1 risposta' }).waitFor()
        await page.waitForFunction(() => document.activeElement?.id?.startsWith('risposta-'))
      })
      await step('vote on a colleague’s answer', async () => {
        await signIn(other.page, base, accounts.trainer.email, password)
        await other.page.goto(questionUrl)
        await other.page.getByLabel('Testo della risposta').fill('Noi apriamo il giovedì fino alle 19, su appuntamento.')
        await other.page.getByRole('button', { name: 'Pubblica la risposta' }).click()
        await other.page.getByRole('heading', { name: '2 risposte' }).waitFor()
        await page.reload()
        await page.getByRole('heading', { name: '2 risposte' }).waitFor()
        await tabTo(page, 'button', `Voto positivo`, { max: 120 })
        const group = await page.evaluate(() => document.activeElement.closest('[role=group]').getAttribute('aria-label'))
        check(group.includes(accounts.trainer.name), `the first vote button reached is not on the colleague’s answer: ${group}`)
        await kb.press('Enter')
        await page.waitForFunction(() => document.activeElement?.getAttribute('aria-pressed') === 'true')
      })
      await step('accept: the focus moves to the accepted mark, in view', async () => {
        await tabTo(page, 'button', 'Accetta')
        await kb.press('Enter')
        await page.getByText('Risposta accettata').waitFor()
        await page.waitForFunction(() => document.activeElement?.id?.startsWith('accettata-'))
        const inView = await page.evaluate(() => {
          const r = document.activeElement.getBoundingClientRect()
          return r.top >= 0 && r.bottom <= window.innerHeight
        })
        check(inView, 'the accepted mark is out of view')
        check((await page.evaluate(() => window.scrollY)) > 0, 'the page jumped to the top')
      })
      await step('search', async () => {
        await page.goto(`${base}/`)
        await tabTo(page, 'input[role=combobox]', '')
        await kb.type('mediazione familiare')
        await kb.press('Enter')
        await page.waitForURL(/\/cerca\?q=mediazione/)
        await page.locator('.search-hit').first().waitFor()
        await runner.shot(page, 'search')
      })
      await step('search: accessibility (axe)', () => runner.axe(page, 'search'))
      await other.context.close()
      await context.close()
    },
  },

  {
    name: 'moderation',
    async run({ step, browser, runner, base, password }) {
      const { context, page } = await open(browser, runner, 'moderazione')
      let url = ''
      await step('a comment added through the API shows on the page', async () => {
        await signIn(page, base, accounts.moderator.email, password)
        const list = await gql(page, '{ questions(first: 1, orderBy: NEWEST) { edges { node { id } } } }')
        const id = list.data.questions.edges[0].node.id
        const r = await gql(
          page,
          'mutation($p: ID!) { addComment(input: {postId: $p, body: "Commento dalla API, per prova."}) { userErrors { message } } }',
          { p: id },
        )
        check(r.data.addComment.userErrors.length === 0, JSON.stringify(r))
        url = `${base}/domande/${encodeURIComponent(id)}`
        await page.goto(url)
        await page.locator('.comment-list li', { hasText: 'Commento dalla API' }).waitFor()
      })
      await step('close: the closed state, no answer form', async () => {
        await page.getByLabel('Motivo della chiusura (facoltativo)').fill('Domanda doppia')
        await page.getByRole('button', { name: 'Chiudi la domanda' }).click()
        await page.locator('#closed-notice').waitFor()
        check(
          await page.locator('#closed-notice').evaluate((el) => el === document.activeElement),
          'the notice has not the focus',
        )
        check((await page.getByLabel('Testo della risposta').count()) === 0, 'the answer form is still there')
        await runner.shot(page, 'question-closed')
      })
      await step('closed question: accessibility (axe)', () => runner.axe(page, 'question-closed'))
      await step('reopen', async () => {
        await page.getByRole('button', { name: 'Riapri la domanda' }).click()
        await page.getByLabel('Testo della risposta').waitFor()
        check((await page.locator('#closed-notice').count()) === 0, 'still shown as closed')
      })
      await context.close()
    },
  },

  {
    name: 'search',
    async run({ step, browser, runner, base, password }) {
      const { context, page } = await open(browser, runner, 'anonima')
      await step('a typo still finds highlighted passages', async () => {
        await page.goto(`${base}/`)
        const box = page.getByRole('combobox', { name: /Cerca/ })
        await box.fill('mediazone familiare')
        await box.press('Enter')
        await page.waitForURL(/\/cerca\?q=mediazone/)
        await page.locator('.search-hit mark').first().waitFor()
        check((await page.getByRole('navigation', { name: /Tipo/ }).innerText()).includes('Linea guida'), 'no type facet')
      })
      await step('a typo offers the corrected query', async () => {
        const link = page.locator('.search-did-you-mean a')
        await link.waitFor()
        check((await link.innerText()) === 'mediazione familiare', `suggested ${await link.innerText()}`)
        await link.click()
        await page.waitForURL(/\/cerca\?q=mediazione\+familiare/)
        await page.locator('.search-hit mark').first().waitFor()
        check((await page.locator('.search-did-you-mean').count()) === 0, 'a suggestion for a query without typos')
      })
      await step('one hit per document, the section as the link, other sections under it', async () => {
        const guideline = page.locator('.search-hit', { has: page.locator('.search-hit-more') }).first()
        await guideline.waitFor()
        const titles = await page.locator('.search-hit .search-hit-heading').allInnerTexts()
        check(new Set(titles).size === titles.length, `a document shows twice: ${titles}`)
        check((await guideline.locator('.search-hit-more a').count()) > 0, 'no other sections')
      })
      await step('back from a hit returns to the same place in the results', async () => {
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
      await step('on a phone the filters open on demand', async () => {
        await page.setViewportSize({ width: 390, height: 800 })
        const facets = page.locator('#search-facets')
        check(!(await facets.isVisible()), 'filters shown before asking')
        await page.getByRole('button', { name: 'Mostra i filtri' }).click()
        check(await facets.isVisible(), 'filters not shown')
        await runner.shot(page, 'search-phone')
        await page.setViewportSize({ width: 1280, height: 900 })
      })
      await step('"Carica altri" appends the next page and moves the focus to it', async () => {
        const before = await page.locator('.search-hit').count()
        await page.getByRole('button', { name: 'Carica altri' }).click()
        await page.waitForFunction((n) => document.querySelectorAll('.search-hit').length > n, before)
        const focused = await page.evaluate(() => document.activeElement?.closest('.search-hit') !== null)
        check(focused, 'the focus did not move to the new results')
      })
      await step('a facet filters the results', async () => {
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
      await context.close()

      const admin = await open(browser, runner, 'admin')
      const ap = admin.page
      await step('admin: the search thesaurus is edited and applied', async () => {
        await signIn(ap, base, accounts.admin.email, password)
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
        await runner.shot(ap, 'thesaurus')
      })
      await step('thesaurus: accessibility (axe)', () => runner.axe(ap, 'thesaurus'))
      await admin.context.close()
    },
  },

  {
    name: 'guidelines',
    async run({ step, browser, runner, base, password }) {
      const { context, page } = await open(browser, runner, 'anonima')
      await step('list', async () => {
        await page.goto(`${base}/linee-guida`)
        await page.locator('.guideline-list li').first().waitFor()
        await runner.shot(page, 'guidelines')
      })
      await step('list: accessibility (axe)', () => runner.axe(page, 'guidelines'))
      await step('a search hit opens the section it names', async () => {
        await page.goto(`${base}/cerca?q=mediazione&tipo=GUIDELINE_SECTION`)
        const link = page.locator('.search-hit a[href*="/linee-guida/"][href*="#"]').first()
        const href = await link.getAttribute('href')
        const anchor = decodeURIComponent(href.split('#')[1])
        await link.click()
        const section = page.locator(`section[id="${anchor}"]`)
        await section.waitFor()
        check(await section.evaluate((el) => el === document.activeElement), 'the section does not have the focus')
        await page
          .waitForFunction((id) => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 100, anchor, {
            timeout: 5000,
          })
          .catch(() => check(false, 'the section was not scrolled to the top of the window'))
        await runner.shot(page, 'guideline')
      })
      await step('guideline: the demo document’s bold and italics are shown', async () => {
        check((await page.locator('.guideline-text strong').count()) > 0, 'no <strong> in the guideline text')
        check((await page.locator('.guideline-text em').count()) > 0, 'no <em> in the guideline text')
      })
      await step('guideline: accessibility (axe)', () => runner.axe(page, 'guideline'))
      await context.close()

      const trainer = await open(browser, runner, 'formatrice')
      const tp = trainer.page
      const doc = (extra = '') => ({
        name: `accoglienza-${suffix}.md`,
        mimeType: 'text/markdown',
        buffer: Buffer.from(
          `# Accoglienza ${suffix}\n\n## Primo colloquio\n\nIl primo colloquio si svolge entro **due settimane**, _senza_ costi: vedi il [calendario](https://esempio.it/calendario).\n\n- ascolto\n- orientamento\n\n1. telefonata\n2. incontro\n\n## Rete dei servizi\n\nIl Centro lavora con i servizi del territorio.${extra}\n`,
        ),
      })
      const suffix = stamp()
      await step('trainer: every problem of the import form at once', async () => {
        await signIn(tp, base, accounts.trainer.email, password)
        await tp.goto(`${base}/linee-guida`)
        await tp.getByRole('heading', { name: 'Importa linea guida' }).waitFor()
        await tp.getByLabel('Titolo').fill('ab')
        await tp.getByLabel('Anno').fill('20')
        await tp.getByRole('button', { name: 'Importa' }).click()
        const summary = tp.locator('.alert-danger[role=alert]')
        await summary.waitFor()
        check((await summary.locator('li').count()) === 3, `not three problems: ${await summary.innerText()}`)
        check(await summary.evaluate((el) => el === document.activeElement), 'the summary has not the focus')
      })
      await step('trainer: import with the document’s own title; lists, bold, italics and links kept', async () => {
        await tp.getByLabel('Titolo').fill('')
        await tp.getByLabel('Anno').fill('2024')
        await tp.getByLabel('Documento').setInputFiles(doc())
        await tp.getByLabel('Area di servizio').selectOption('orientamento')
        await tp.getByRole('button', { name: 'Importa' }).click()
        await tp.getByText(`«Accoglienza ${suffix}» importata: 2 sezioni.`).waitFor()
        await runner.shot(tp, 'guidelines-import')
        await tp.getByRole('link', { name: 'Apri la linea guida' }).click()
        await tp.getByRole('heading', { level: 2, name: 'Primo colloquio' }).waitFor()
        const section = tp.locator('section', { has: tp.getByRole('heading', { name: 'Primo colloquio' }) })
        check((await section.locator('ul > li').allInnerTexts()).join('|') === 'ascolto|orientamento', 'the bullet list is lost')
        check((await section.locator('ol > li').allInnerTexts()).join('|') === 'telefonata|incontro', 'the numbered list is lost')
        check((await section.locator('p strong').innerText()) === 'due settimane', 'the bold is lost')
        check((await section.locator('p em').innerText()) === 'senza', 'the italics are lost')
        const link = section.locator('p a', { hasText: 'calendario' })
        check((await link.getAttribute('href')) === 'https://esempio.it/calendario', 'the link is lost')
        check((await link.getAttribute('rel'))?.includes('nofollow'), 'the link passes authority')
      })
      await step('trainer: the same file again is offered as a new version', async () => {
        await tp.goto(`${base}/linee-guida`)
        await tp.getByLabel('Documento').setInputFiles(doc('\n\nAggiornato nel 2025.'))
        await tp.getByText(/verrà caricato come nuova versione di «Accoglienza/).waitFor()
        await tp.getByRole('button', { name: 'Importa' }).click()
        await tp.getByText(/importata/).waitFor()
        await tp.getByRole('link', { name: 'Apri la linea guida' }).click()
        await tp
          .getByText(/versione 2/)
          .first()
          .waitFor()
        await tp.getByText('Aggiornato nel 2025.').waitFor()
      })
      await step('trainer: edit the title of one’s own guideline', async () => {
        await tp.getByRole('button', { name: 'Modifica titolo, anno e area' }).click()
        await tp.locator('#edit-guideline-title').fill(`Protocollo di accoglienza ${suffix}`)
        await tp.getByRole('button', { name: 'Salva le modifiche' }).click()
        await tp.getByRole('heading', { level: 1, name: `Protocollo di accoglienza ${suffix}` }).waitFor()
      })
      await step('guideline with management: accessibility (axe)', () => runner.axe(tp, 'guideline-manage'))
      await step('trainer: delete it', async () => {
        await tp.getByRole('button', { name: 'Elimina la linea guida' }).click()
        await tp.getByRole('button', { name: 'Sì, elimina' }).click()
        await tp.getByText(`«Protocollo di accoglienza ${suffix}» è stata eliminata.`).waitFor()
        check((await tp.getByRole('link', { name: `Protocollo di accoglienza ${suffix}` }).count()) === 0, 'still listed')
      })
      await step('phone: a section link opened directly lands on its heading', async () => {
        const small = await open(browser, runner, 'telefono', phone)
        await small.page.goto(`${base}/cerca?q=mediazione&tipo=GUIDELINE_SECTION`)
        const href = await small.page.locator('.search-hit a[href*="/linee-guida/"][href*="#"]').first().getAttribute('href')
        await small.page.goto(`${base}${href}`)
        const anchor = decodeURIComponent(href.split('#')[1])
        await small.page.locator(`section[id="${anchor}"]`).waitFor()
        await small.page.evaluate(() => document.fonts.ready)
        await small.page
          .waitForFunction(
            (id) => {
              const top = document.getElementById(id).getBoundingClientRect().top
              return top >= 0 && top < 60
            },
            anchor,
            { timeout: 5000 },
          )
          .catch(async () =>
            check(
              false,
              `the section starts at ${await small.page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, anchor)}px`,
            ),
          )
        await runner.shot(small.page, 'guideline-section-phone')
        await small.context.close()
      })
      await trainer.context.close()
    },
  },

  {
    name: 'other pages',
    async run({ step, browser, runner, base }) {
      const { context, page } = await open(browser, runner, 'anonima')
      for (const [path, heading, name] of [
        ['/ruoli', 'I ruoli in Gemella', 'roles'],
        ['/accessibilita', 'Dichiarazione di accessibilità', 'accessibility'],
        ['/note-legali', 'Note legali e privacy', 'legal-notes'],
        ['/registrati', 'Crea un account', 'sign-up'],
      ]) {
        await step(`${name}: the page, axe, the footer at the bottom of the window`, async () => {
          await page.goto(`${base}${path}`)
          await page.getByRole('heading', { level: 1, name: heading }).waitFor()
          await runner.axe(page, name)
          const gap = await page.evaluate(
            () => window.innerHeight - document.querySelector('footer').getBoundingClientRect().bottom,
          )
          check(gap <= 1, `${gap}px of white under the footer`)
          await runner.shot(page, name)
        })
      }
      await step('accessibility statement: AgID’s sections and the operator’s contact', async () => {
        await page.goto(`${base}/accessibilita`)
        const headings = await page.locator('.text-page h2').allInnerTexts()
        for (const h of [
          'Stato di conformità',
          'Contenuti non accessibili',
          'Redazione della dichiarazione',
          'Meccanismo di feedback e recapiti',
          'Procedura di attuazione',
        ])
          check(headings.includes(h), `no section «${h}»: ${headings.join(', ')}`)
        await page.getByText('parzialmente conforme').waitFor()
        const contact = page.getByRole('link', { name: 'accessibilita@gemella.test' })
        check((await contact.getAttribute('href')) === 'mailto:accessibilita@gemella.test', 'no link to the contact')
        check(
          (await page.getByRole('link', { name: /Difensore civico per il digitale/ }).getAttribute('href')) ===
            'https://form.agid.gov.it/',
          'no link to the Difensore civico per il digitale',
        )
        await page.getByRole('button', { name: 'English' }).click()
        await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor()
        await page.getByRole('heading', { level: 2, name: 'Enforcement procedure' }).waitFor()
        await runner.axe(page, 'accessibility-en')
        await page.getByRole('button', { name: 'Italiano' }).click()
        await page.getByRole('heading', { level: 1, name: 'Dichiarazione di accessibilità' }).waitFor()
      })
      await step('footer: the AgID band links', async () => {
        await page.goto(`${base}/`)
        const band = page.getByRole('navigation', { name: 'Note legali e accessibilità' })
        await band.getByRole('link', { name: 'Dichiarazione di accessibilità' }).click()
        await page.waitForURL(/\/accessibilita$/)
      })
      await step('404 status and a real robots.txt', async () => {
        const missing = await fetch(`${base}/pagina-che-non-esiste`)
        check(missing.status === 404, `status ${missing.status}`)
        const robots = await fetch(`${base}/robots.txt`)
        check(
          robots.status === 200 && (robots.headers.get('content-type') ?? '').startsWith('text/plain'),
          `robots.txt: ${robots.status} ${robots.headers.get('content-type')}`,
        )
        check((await robots.text()).includes('User-agent'), 'robots.txt is not one')
        const known = await fetch(`${base}/domande`)
        check(known.status === 200, `/domande: ${known.status}`)
      })
      await step('404 page', async () => {
        await page.goto(`${base}/pagina-che-non-esiste`)
        await page.getByRole('heading', { level: 1, name: 'Pagina non trovata' }).waitFor()
        await runner.shot(page, 'not-found')
      })
      await step('404: accessibility (axe)', () => runner.axe(page, 'not-found'))
      await step('sign up: a new operator’s account opens the profile', async () => {
        const fresh = await open(browser, runner, 'nuova')
        const p = fresh.page
        await p.goto(`${base}/registrati`)
        await p.getByLabel('Nome visualizzato').fill('Operatrice CpF di prova')
        await p.getByLabel('Email di lavoro').fill(`prova-${stamp()}@gemella.test`)
        await p.getByLabel('Password', { exact: true }).fill('una-password-lunga-2026')
        await p.getByRole('button', { name: 'Crea l’account' }).click()
        await p.waitForURL(/\/profilo$/)
        await p.getByRole('heading', { level: 1, name: 'Operatrice CpF di prova' }).waitFor()
        await p.getByText('Non hai ancora fatto domande.').waitFor()
        await fresh.context.close()
      })
      await step('sign up open: the header and the sign-in page link to it', async () => {
        await page.goto(`${base}/accedi`)
        await page.getByRole('link', { name: 'Creane uno' }).waitFor()
        await page.locator('header').getByRole('link', { name: 'Registrati' }).waitFor()
      })
      await step('sign up closed: no links to it, and /registrati says so', async () => {
        // The tests' server has open sign-up (gemella dev): this browser reads it as closed.
        const closed = await open(browser, runner, 'registrazione chiusa')
        await closed.context.route('**/graphql*', async (route) => {
          const res = await route.fetch()
          const body = await res.text()
          await route.fulfill({ response: res, body: body.replace('"signupOpen":true', '"signupOpen":false') })
        })
        const p = closed.page
        await p.goto(`${base}/accedi`)
        await p.getByText('Non hai un account? Chiedilo al tuo coordinamento regionale.').waitFor()
        check((await p.getByRole('link', { name: 'Creane uno' }).count()) === 0, 'the sign-in page links to sign-up')
        check((await p.locator('header').getByRole('link', { name: 'Registrati' }).count()) === 0, 'the header links to sign-up')
        await p.goto(`${base}/registrati`)
        await p.getByRole('heading', { level: 1, name: 'Registrazione non disponibile' }).waitFor()
        await p.getByText(/La registrazione libera non è attiva/).waitFor()
        check((await p.getByLabel('Email di lavoro').count()) === 0, 'the sign-up form is shown')
        await runner.axe(p, 'sign-up-closed')
        await runner.shot(p, 'sign-up-closed')
        await closed.context.close()
      })
      await step('in English, the Italian content is marked lang="it"', async () => {
        const en = await open(browser, runner, 'english')
        await en.page.goto(`${base}/domande`)
        await en.page.getByRole('button', { name: 'English' }).click()
        await en.page.getByRole('heading', { level: 1, name: 'Questions' }).waitFor()
        check((await en.page.locator('html').getAttribute('lang')) === 'en', 'html lang is not en')
        const title = en.page.locator('.question-list li h3 a').first()
        check((await title.getAttribute('lang')) === 'it', 'a question title is not marked Italian')
        await title.click()
        await en.page.locator('.post-question').waitFor()
        check(
          (await en.page.locator('.post-question .post-body').getAttribute('lang')) === 'it',
          'the body is not marked Italian',
        )
        await en.page.goto(`${base}/cerca?q=mediazione`)
        const hit = en.page.locator('.search-hit h3 a').first()
        await hit.waitFor()
        check((await hit.getAttribute('lang')) === 'it', 'a search hit is not marked Italian')
        await en.page.goto(`${base}/buone-pratiche`)
        const practice = en.page.locator('.practice-item h3 a').first()
        await practice.waitFor()
        check((await practice.getAttribute('lang')) === 'it', 'a practice title is not marked Italian')
        await en.context.close()
      })
      await step('small screen: the questions’ filters fold, the first question on the first screen', async () => {
        const small = await open(browser, runner, 'telefono', phone)
        await small.page.goto(`${base}/domande`)
        const first = small.page.locator('.question-list li').first()
        await first.waitFor()
        check(!(await small.page.getByLabel('Ordine').isVisible()), 'the filters are open on a phone')
        const box = await first.boundingBox()
        check(box.y + 40 < 844, `the first question starts at ${box.y}px`)
        await small.page.getByRole('button', { name: 'Mostra i filtri' }).click()
        await small.page.getByLabel('Ordine').waitFor()
        await runner.shot(small.page, 'questions-phone')
        await small.context.close()
      })
      await step('small screen: home', async () => {
        const small = await open(browser, runner, 'telefono', phone)
        await small.page.goto(`${base}/`)
        await small.page.getByRole('heading', { name: 'Gemellaggio sul servizio di mediazione familiare' }).waitFor()
        await runner.shot(small.page, 'home-phone')
        await small.context.close()
      })
      await context.close()
    },
  },
]
