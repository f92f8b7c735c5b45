// Live discussions between two people in two browser contexts: a message in a question's
// thread appears on the other's page without a reload and is announced, each one, and so is
// an answer to the question; a mention lights the other's bell and lists on /notifiche, where
// a notification is marked read by its button or by opening it, which shows its message; a
// page whose network is cut catches up by itself when it comes back; a reply's quote reads as
// plain text and follows the edit and the deletion of what it quotes; announcements follow a
// change of language; axe-core on the thread and on /notifiche. Then long words in each kind
// of page's discussion, at 1366 and 390 px, and the header on a phone.
import { accounts, check, desktop, gql, open, phone, signIn, stamp } from './lib.mjs'

const composer = (page) => page.getByLabel('Il tuo messaggio', { exact: true })
const messages = (page) => page.locator('.message-list > li')
const announced = (page) => page.locator('.thread [role="status"][aria-live="polite"]')

async function post(page, text) {
  await composer(page).fill(text)
  await page.getByRole('button', { name: 'Invia', exact: true }).click()
  await messages(page).filter({ hasText: text }).waitFor()
}

export const flows = [
  {
    name: 'live discussions',
    async run({ step, browser, runner, base, password }) {
      const a = await open(browser, runner, 'operatrice')
      const b = await open(browser, runner, 'formatrice')
      const id = stamp()
      let path = ''
      // The practice's thread of the notifications' steps.
      let practiceThread = null
      let qid = ''

      await step('two people on the same question', async () => {
        await signIn(a.page, base, accounts.operator.email, password)
        await signIn(b.page, base, accounts.trainer.email, password)
        const asked = await gql(
          a.page,
          `mutation($t: String!) { askQuestion(input: { title: $t, body: "Come organizzate l'accoglienza il sabato?" }) { question { id } userErrors { message } } }`,
          { t: `Accoglienza del sabato ${id}` },
        )
        qid = asked.data?.askQuestion.question?.id
        check(qid, `askQuestion: ${JSON.stringify(asked)}`)
        // The bell starts from nothing unread, so that the mention is the one it counts.
        await gql(b.page, 'mutation { markNotificationsRead(input: {}) { unreadCount } }')
        path = `/domande/${qid}`
        for (const p of [a.page, b.page]) {
          await p.goto(`${base}${path}`)
          await p.getByRole('heading', { level: 2, name: 'Discussione' }).waitFor()
          await p.getByText('Nessun messaggio ancora').waitFor()
        }
      })

      await step('a message appears on the other page without a reload, announced with its start', async () => {
        const text = `Da noi apre alle nove ${id}`
        await post(a.page, text)
        await messages(b.page).filter({ hasText: text }).waitFor({ timeout: 10_000 })
        await announced(b.page)
          .filter({ hasText: `Nuovo messaggio di ${accounts.operator.name}: ${text}` })
          .waitFor()
        const when = await messages(b.page).filter({ hasText: text }).locator('time').innerText()
        check(/^oggi, \d{2}:\d{2}$/.test(when), `the message's time reads «${when}»`)
      })

      await step('a second message by the same person is announced too', async () => {
        const text = `E il sabato pomeriggio chiude alle sei ${id}`
        await post(a.page, text)
        await announced(b.page)
          .filter({ hasText: `Nuovo messaggio di ${accounts.operator.name}: ${text}` })
          .waitFor({ timeout: 10_000 })
      })

      await step('an answer by the other shows in place, the focus where it was', async () => {
        await composer(a.page).focus()
        const answered = await gql(
          b.page,
          'mutation($q: ID!) { answerQuestion(input: { questionId: $q, body: "Noi dalle nove alle dodici." }) { answer { id } } }',
          { q: qid },
        )
        check(answered.data?.answerQuestion.answer?.id, `answerQuestion: ${JSON.stringify(answered)}`)
        await a.page.getByRole('heading', { level: 2, name: '1 risposta' }).waitFor({ timeout: 10_000 })
        await a.page.locator('.answer-list', { hasText: 'Noi dalle nove alle dodici.' }).waitFor()
        await a.page
          .locator('[role="status"][aria-live="polite"]', { hasText: `Nuova risposta di ${accounts.trainer.name}` })
          .waitFor()
        check(
          await a.page.evaluate(
            () =>
              document.activeElement?.getAttribute('aria-label') === null &&
              document.activeElement?.tagName === 'TEXTAREA' &&
              document.activeElement.closest('.composer') !== null,
          ),
          'the focus moved',
        )
      })

      await step('a mention, suggested as it is typed, lights the other’s bell', async () => {
        await composer(a.page).fill('Chiedo a @Formatr')
        const option = a.page.getByRole('option', { name: accounts.trainer.name })
        await option.waitFor()
        // The field is a combobox whose list is open, its current option the one shown active.
        const field = a.page.getByRole('combobox', { name: 'Il tuo messaggio' })
        check((await field.getAttribute('aria-expanded')) === 'true', 'the combobox is not expanded')
        const listId = await field.getAttribute('aria-controls')
        check((await field.getAttribute('aria-activedescendant')) === (await option.getAttribute('id')), 'no active option')
        check((await a.page.locator(`#${listId}`).getAttribute('role')) === 'listbox', 'aria-controls is not the listbox')
        await composer(a.page).press('Enter')
        check((await field.getAttribute('aria-expanded')) === 'false', 'the combobox stays expanded')
        const value = await composer(a.page).inputValue()
        check(/\[@Formatrice CpF Rimini\]\(mention:[A-Za-z0-9_-]+\) $/.test(value), `inserted: ${value}`)
        await composer(a.page).press('End')
        await composer(a.page).pressSequentially('che ne pensi?')
        await a.page.getByRole('button', { name: 'Invia', exact: true }).click()
        await messages(a.page).filter({ hasText: 'che ne pensi?' }).waitFor()
        // Posting follows the thread: the button's label says so, with no pressed state besides.
        const follow = a.page.getByRole('button', { name: 'Smetti di seguire' })
        await follow.waitFor()
        check((await follow.getAttribute('aria-pressed')) === null, 'the follow button has aria-pressed')
        const badge = b.page.locator('.notification-bell .badge')
        await badge.filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 })
        check((await b.page.locator('.notification-bell').getAttribute('aria-label')) === 'Notifiche: 1 non letta', 'bell label')
        await runner.shot(b.page, 'live-thread')
      })

      await step('thread: accessibility (axe)', () => runner.axe(b.page, 'live thread'))

      await step('/notifiche lists the mention', async () => {
        await b.page.locator('.notification-bell').click()
        await b.page.getByRole('heading', { level: 1, name: 'Notifiche' }).waitFor()
        const item = b.page.locator('.notice-list > li').first()
        await item.filter({ hasText: `${accounts.operator.name} ha fatto il tuo nome` }).waitFor()
        const href = await item.getByRole('link').getAttribute('href')
        check(new RegExp(`^${path}#messaggio-[A-Za-z0-9_-]+$`).test(href), `the notification links to ${href}`)
        const when = await item.locator('time').innerText()
        check(/^oggi, \d{2}:\d{2}$/.test(when), `the notification's time reads «${when}»`)
        await runner.shot(b.page, 'notifications')
      })

      await step('/notifiche: accessibility (axe)', () => runner.axe(b.page, 'notifications'))

      await step('/notifiche: one marked read with its own button, the focus staying on it', async () => {
        const item = b.page.locator('.notice-list > li').first()
        await item.getByRole('button', { name: /^Segna come letta: / }).click()
        await b.page.locator('.notification-bell .badge').waitFor({ state: 'detached' })
        check((await item.locator('.badge').count()) === 0, 'still marked unread')
        check(await b.page.evaluate(() => !!document.activeElement?.closest('.notice-list')), 'the focus left the notification')
      })

      await step('/notifiche: opening a notification marks it read and shows its message', async () => {
        // Two mentions in a practice's discussion, to be opened and marked read.
        const r = await gql(a.page, '{ practices(first: 1) { edges { node { discussion { id url } } } } }')
        const thread = r.data.practices.edges[0].node.discussion
        const who = await gql(
          a.page,
          'query($t: ID!) { node(id: $t) { ... on Discussion { mentionCandidates(query: "Formatrice") { id } } } }',
          {
            t: thread.id,
          },
        )
        const trainer = who.data.node.mentionCandidates[0].id
        for (const text of [`Sul foglio di primo contatto ${id}`, `E sulla scheda di rientro ${id}`]) {
          const posted = await postVia(a.page, thread.id, `[@${accounts.trainer.name}](mention:${trainer}) ${text}`)
          check(posted?.message, `postMessage: ${JSON.stringify(posted)}`)
        }
        await b.page.locator('.notification-bell .badge').filter({ hasText: /^2$/ }).waitFor({ timeout: 10_000 })
        const item = b.page.locator('.notice-list > li').first()
        await item.locator('.badge', { hasText: 'non letta' }).waitFor()
        const href = await item.getByRole('link').getAttribute('href')
        const anchor = href.split('#')[1]
        check(href.startsWith(`${thread.url}#messaggio-`), `the notification links to ${href}`)
        await item.getByRole('link').click()
        await b.page.waitForURL(`**${thread.url}#${anchor}`)
        const target = b.page.locator(`[id="${anchor}"]`)
        await target.filter({ hasText: `E sulla scheda di rientro ${id}` }).waitFor()
        await b.page.waitForFunction((a) => document.activeElement?.id === a, anchor, { timeout: 5000 })
        check(await target.isVisible(), 'the message is not shown')
        const box = await target.boundingBox()
        check(box.y >= 0 && box.y < 900, `the message is at ${box.y} px, off the screen`)
        // The thread on screen is read, and so are the notifications of what it shows: both.
        await b.page.locator('.notification-bell .badge').waitFor({ state: 'detached' })
        practiceThread = thread
      })

      await step('/notifiche: mark all as read empties the badge, the focus on what it says', async () => {
        await b.page.locator('.notification-bell').click()
        await b.page.getByRole('heading', { level: 1, name: 'Notifiche' }).waitFor()
        const who = await gql(
          a.page,
          'query($t: ID!) { node(id: $t) { ... on Discussion { mentionCandidates(query: "Formatrice") { id } } } }',
          { t: practiceThread.id },
        )
        const mention = `[@${accounts.trainer.name}](mention:${who.data.node.mentionCandidates[0].id})`
        const posted = await postVia(a.page, practiceThread.id, `${mention} e la scheda di uscita ${id}`)
        check(posted?.message, `postMessage: ${JSON.stringify(posted)}`)
        await b.page.locator('.notification-bell .badge').filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 })
        await b.page.getByRole('button', { name: 'Segna tutte come lette' }).click()
        await b.page.getByText('Tutte le notifiche sono lette.').waitFor()
        check((await b.page.locator('.notification-bell .badge').count()) === 0, 'badge still shown')
        check(
          await b.page.evaluate(() => document.activeElement?.textContent === 'Tutte le notifiche sono lette.'),
          `the focus is on ${await b.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`,
        )
        check((await b.page.locator('.notice-list .badge').count()) === 0, 'notifications still marked unread')
      })

      await step('a page cut off catches up by itself when the network is back', async () => {
        await b.page.goto(`${base}${path}`)
        await messages(b.page).filter({ hasText: 'che ne pensi?' }).waitFor()
        await a.context.setOffline(true)
        await a.page.getByText('Connessione persa').waitFor()
        const missed = [`Primo mentre eri via ${id}`, `Secondo mentre eri via ${id}`]
        for (const text of missed) await post(b.page, text)
        check((await messages(a.page).filter({ hasText: missed[0] }).count()) === 0, 'arrived while offline?')
        await a.context.setOffline(false)
        for (const text of missed) await messages(a.page).filter({ hasText: text }).waitFor({ timeout: 20_000 })
        const all = await messages(a.page).allInnerTexts()
        check(all.length === 5, `${all.length} messages, not 5 (a gap or a duplicate)`)
        check(all[3].includes(missed[0]) && all[4].includes(missed[1]), 'the missed messages out of order')
        await a.page.getByText('Connessione persa').waitFor({ state: 'detached' })
      })

      await step('reactions, edit and delete of one’s own message', async () => {
        const mine = messages(b.page).filter({ hasText: `Primo mentre eri via ${id}` })
        const like = mine.getByRole('button', { name: 'Reazione 👍: 0' })
        await like.click()
        await mine.getByRole('button', { name: 'Reazione 👍: 1' }).and(mine.locator('[aria-pressed="true"]')).waitFor()
        await messages(a.page)
          .filter({ hasText: `Primo mentre eri via ${id}` })
          .getByRole('button', { name: 'Reazione 👍: 1' })
          .waitFor()
        await mine.getByRole('button', { name: 'Modifica' }).click()
        await b.page.getByLabel('Modifica il messaggio').fill(`Primo, corretto ${id}`)
        await b.page.getByRole('button', { name: 'Salva' }).click()
        await messages(a.page)
          .filter({ hasText: `Primo, corretto ${id}` })
          .filter({ hasText: 'modificato' })
          .waitFor()
        b.page.once('dialog', (d) => d.accept())
        await messages(b.page)
          .filter({ hasText: `Secondo mentre eri via ${id}` })
          .getByRole('button', { name: 'Elimina' })
          .click()
        await messages(a.page).filter({ hasText: 'Messaggio eliminato' }).waitFor()
      })

      await step('a reply quotes plain text, and follows the edit and the deletion of what it quotes', async () => {
        const asked = messages(b.page).filter({ hasText: 'che ne pensi?' })
        await asked.getByRole('button', { name: 'Rispondi' }).click()
        await post(b.page, `Ne parliamo giovedì ${id}`)
        for (const p of [a.page, b.page]) {
          const quote = messages(p)
            .filter({ hasText: `Ne parliamo giovedì ${id}` })
            .locator('.message-quote')
          await quote.filter({ hasText: `@${accounts.trainer.name} che ne pensi?` }).waitFor({ timeout: 10_000 })
          const text = await quote.innerText()
          check(!text.includes('mention:') && !text.includes('[@'), `the quote shows Markdown: ${text}`)
        }
        const mine = messages(a.page).filter({ hasText: 'che ne pensi?' })
        await mine.getByRole('button', { name: 'Modifica' }).click()
        await a.page.getByLabel('Modifica il messaggio').fill(`Chiedo a tutte e a tutti ${id}`)
        await a.page.getByRole('button', { name: 'Salva' }).click()
        const quote = messages(b.page)
          .filter({ hasText: `Ne parliamo giovedì ${id}` })
          .locator('.message-quote')
        await quote.filter({ hasText: `Chiedo a tutte e a tutti ${id}` }).waitFor({ timeout: 10_000 })
        a.page.once('dialog', (d) => d.accept())
        await messages(a.page)
          .filter({ hasText: `Chiedo a tutte e a tutti ${id}` })
          .getByRole('button', { name: 'Elimina' })
          .click()
        await quote.filter({ hasText: 'Messaggio eliminato' }).waitFor({ timeout: 10_000 })
        check(!(await quote.innerText()).includes('tutte e a tutti'), 'the quote still shows the deleted text')
      })

      await step('a long thread opens at its end; earlier messages on request', async () => {
        const thread = await gql(a.page, 'query($q: ID!) { node(id: $q) { ... on Question { discussion { id } } } }', { q: qid })
        const threadId = thread.data.node.discussion.id
        for (let i = 1; i <= 20; i++) {
          const r = await gql(
            b.page,
            'mutation($t: ID!, $b: String!) { postMessage(input: { threadId: $t, body: $b }) { userErrors { message } } }',
            { t: threadId, b: `Messaggio numero ${i} ${id}` },
          )
          check(r.data?.postMessage.userErrors.length === 0, `postMessage ${i}: ${JSON.stringify(r)}`)
        }
        await a.page.reload()
        await messages(a.page)
          .filter({ hasText: `Messaggio numero 20 ${id}` })
          .waitFor()
        check((await messages(a.page).count()) === 20, `the newest page: ${await messages(a.page).count()} messages`)
        await a.page.getByRole('button', { name: 'Messaggi precedenti' }).click()
        await messages(a.page).filter({ hasText: 'Da noi apre alle nove' }).waitFor()
        check((await messages(a.page).count()) === 26, `all: ${await messages(a.page).count()} messages`)
        // The focus goes to the last of the earlier messages: the reader reads on from there.
        await a.page.waitForFunction(() => !!document.activeElement?.closest('.message-list'), null, { timeout: 5000 })
      })

      await step('after switching to English, announcements are in English', async () => {
        await b.page.goto(`${base}${path}`)
        await messages(b.page).first().waitFor()
        await b.page.getByRole('button', { name: 'English' }).click()
        await b.page.getByRole('heading', { level: 2, name: 'Discussion' }).waitFor()
        const text = `Anche in inglese ${id}`
        await post(a.page, text)
        await announced(b.page)
          .filter({ hasText: `New message from ${accounts.operator.name}: ${text}` })
          .waitFor({ timeout: 10_000 })
        await b.page.getByRole('button', { name: 'Italiano' }).click()
        await b.page.getByRole('heading', { level: 2, name: 'Discussione' }).waitFor()
      })

      await a.context.close()
      await b.context.close()
    },
  },
]

/** The discussion of the first item of a list the viewer may write in: its id and page. */
async function writableThread(page, list) {
  const r = await gql(page, `{ ${list}(first: 20) { edges { node { discussion { id url } } } } }`)
  const threads = (r.data?.[list].edges ?? []).map((e) => e.node.discussion).filter((d) => d?.url)
  check(threads.length, `${list}: no discussion: ${JSON.stringify(r)}`)
  return threads
}

/** Posts a message through the API; its id. */
async function postVia(page, threadId, body, replyToId = null) {
  const r = await gql(
    page,
    'mutation($t: ID!, $b: String!, $r: ID) { postMessage(input: { threadId: $t, body: $b, replyToId: $r }) { message { id } userErrors { code message } } }',
    { t: threadId, b: body, r: replyToId },
  )
  return r.data?.postMessage
}

/** How much wider than the window the page is, in pixels (0 when it fits). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

flows.push({
  name: 'live discussions: long words, phone header',
  async run({ step, browser, runner, base, password }) {
    const id = stamp()
    // No hyphen or space: nothing in it where a line may break.
    const long = `https://esempio.gemella.test/percorso${'moltolungosenzaspazi'.repeat(14)}${id}`
    const wide = await open(browser, runner, 'formatrice', { ...desktop, viewport: { width: 1366, height: 768 } })
    const narrow = await open(browser, runner, 'formatrice (telefono)', phone)
    const pages = []

    await step('a long address posted, and replied to, in a discussion of each kind of page', async () => {
      await signIn(wide.page, base, accounts.trainer.email, password)
      await signIn(narrow.page, base, accounts.trainer.email, password)
      const asked = await gql(
        wide.page,
        `mutation($t: String!) { askQuestion(input: { title: $t, body: "Un indirizzo lungo." }) { question { discussion { id url } } } }`,
        { t: `Indirizzi lunghi ${id}` },
      )
      const candidates = [[asked.data.askQuestion.question.discussion]]
      for (const list of ['twinnings', 'workshops', 'practices', 'guidelines'])
        candidates.push(await writableThread(wide.page, list))
      for (const threads of candidates) {
        // The first of the list where the trainer may write (a space's thread is for its members).
        for (const t of threads) {
          const posted = await postVia(wide.page, t.id, `Vedi ${long}`)
          if (!posted?.message) continue
          const reply = await postVia(wide.page, t.id, 'Grazie, lo leggo.', posted.message.id)
          check(reply?.message, `reply: ${JSON.stringify(reply)}`)
          pages.push(t.url)
          break
        }
      }
      check(pages.length === 5, `threads written in: ${pages.join(', ')}`)
    })

    for (const [label, { page }] of [
      ['1366 px', wide],
      ['390 px', narrow],
    ])
      await step(`at ${label} the messages and their quotes wrap on every page`, async () => {
        for (const url of pages) {
          await page.goto(`${base}${url}`)
          const msg = messages(page).filter({ hasText: long.slice(0, 60) })
          await msg.first().waitFor()
          await page.locator('.message-quote', { hasText: 'moltolungosenzaspazi' }).first().waitFor()
          const extra = await overflow(page)
          check(extra <= 0, `${url} is ${extra} px wider than the window`)
        }
        await runner.shot(page, `thread-long-words-${label.replace(' ', '')}`)
      })

    await step('at 390 px the header fits, "Esci" whole', async () => {
      await narrow.page.goto(`${base}/`)
      const header = await narrow.page.evaluate(() => document.querySelector('.it-header-wrapper').scrollWidth)
      check(header <= 390, `the header is ${header} px wide`)
      const out = await narrow.page.getByRole('button', { name: 'Esci' }).boundingBox()
      check(out && out.x >= 0 && out.x + out.width <= 390, `"Esci" at ${JSON.stringify(out)}`)
      check((await overflow(narrow.page)) <= 0, 'the page is wider than the window')
      await runner.shot(narrow.page, 'header-phone-signed-in')
    })

    await wide.context.close()
    await narrow.context.close()
  },
})
