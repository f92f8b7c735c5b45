// Live discussions between two people in two browser contexts: a message in a question's
// thread appears on the other's page without a reload, and so does an answer to the question;
// a mention lights the other's bell and lists on /notifiche; a page whose network is cut
// catches up by itself when it comes back; axe-core on the thread and on /notifiche.
import { accounts, check, gql, open, signIn, stamp } from './lib.mjs'

const composer = (page) => page.getByLabel('Il tuo messaggio', { exact: true })
const messages = (page) => page.locator('.message-list > li')

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

      await step('a message appears on the other page without a reload', async () => {
        const text = `Da noi apre alle nove ${id}`
        await post(a.page, text)
        await messages(b.page).filter({ hasText: text }).waitFor({ timeout: 10_000 })
        check((await b.page.getByRole('status').filter({ hasText: 'Nuovo messaggio di' }).count()) === 1, 'not announced')
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
        await composer(a.page).press('Enter')
        const value = await composer(a.page).inputValue()
        check(/\[@Formatrice CpF Rimini\]\(mention:[A-Za-z0-9_-]+\) $/.test(value), `inserted: ${value}`)
        await composer(a.page).press('End')
        await composer(a.page).pressSequentially('che ne pensi?')
        await a.page.getByRole('button', { name: 'Invia', exact: true }).click()
        await messages(a.page).filter({ hasText: 'che ne pensi?' }).waitFor()
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
        await item.filter({ hasText: `${accounts.operator.name} ti ha menzionato` }).waitFor()
        await runner.shot(b.page, 'notifications')
      })

      await step('/notifiche: accessibility (axe)', () => runner.axe(b.page, 'notifications'))

      await step('/notifiche: mark all as read empties the badge', async () => {
        await b.page.getByRole('button', { name: 'Segna tutte come lette' }).click()
        await b.page.getByText('Tutte le notifiche sono lette.').waitFor()
        check((await b.page.locator('.notification-bell .badge').count()) === 0, 'badge still shown')
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
        check(all.length === 4, `${all.length} messages, not 4 (a gap or a duplicate)`)
        check(all[2].includes(missed[0]) && all[3].includes(missed[1]), 'the missed messages out of order')
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
        check((await messages(a.page).count()) === 24, `all: ${await messages(a.page).count()} messages`)
        // The focus goes to the last of the earlier messages: the reader reads on from there.
        await a.page.waitForFunction(() => !!document.activeElement?.closest('.message-list'), null, { timeout: 5000 })
      })

      await a.context.close()
      await b.context.close()
    },
  },
]
