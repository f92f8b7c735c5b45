// The browser tests (`make test` runs them; `npm run e2e` from web/ after `make build`).
//
// Starts its own Gemella (`bin/gemella dev` on a free port, its own PostgreSQL and Meilisearch
// under a temporary directory, the demo data), or uses GEMELLA_URL with GEMELLA_DEMO_PASSWORD.
// Drives Debian's chromium through every page and flow, runs axe-core on each page (serious or
// critical findings fail), and keeps screenshots and the server's log in e2e/screenshots/.
// The last line reads "e2e: N passed, N failed, N skipped"; the exit status is 1 on a failure.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Runner, launch } from './lib.mjs'
import { flows } from './flows.mjs'
import { startServer } from './server.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const shots = join(here, 'screenshots')
const runner = new Runner({ shots })
const started = Date.now()

let server
if (process.env.GEMELLA_URL) {
  if (!process.env.GEMELLA_DEMO_PASSWORD) {
    console.error('e2e: with GEMELLA_URL, set GEMELLA_DEMO_PASSWORD to the demo accounts’ password')
    process.exit(2)
  }
  server = { url: process.env.GEMELLA_URL.replace(/\/+$/, ''), password: process.env.GEMELLA_DEMO_PASSWORD, stop: async () => {} }
} else {
  try {
    server = await startServer({ repoRoot: join(here, '..', '..'), logPath: join(shots, 'server.log') })
  } catch (e) {
    console.error(`e2e: could not start Gemella: ${e.message} (log: ${join(shots, 'server.log')})`)
    console.log('e2e: 0 passed, 1 failed, 0 skipped')
    process.exit(1)
  }
  console.log(`e2e: Gemella at ${server.url} (${Date.now() - started} ms to start)`)
}

const browser = await launch()
try {
  for (const f of flows)
    await runner.flow(f.name, (step) => f.run({ step, browser, runner, base: server.url, password: server.password }))
  // The good-practice pages and a twinning's space have scripts of their own: one more flow
  // each, against the same server.
  for (const [name, script] of [
    ['good practices', 'practices.mjs'],
    ['a twinning’s space', 'twinnings.mjs'],
  ])
    await runner.flow(`${name} (e2e/${script})`, (step) =>
      step('every page and flow', async () => {
        const child = spawnSync(process.execPath, [join(here, script)], {
          env: { ...process.env, GEMELLA_URL: server.url, GEMELLA_DEMO_PASSWORD: server.password },
          encoding: 'utf8',
          timeout: 600_000,
        })
        process.stdout.write(`${child.stdout ?? ''}${child.stderr ?? ''}`.replace(/^(?=.)/gm, '     '))
        if (child.status !== 0) throw new Error(`e2e/${script} exited with ${child.status ?? child.signal}`)
      }),
    )
} finally {
  await browser.close()
  await server.stop()
}
if (runner.failures.length) console.log(`failed:\n  ${runner.failures.join('\n  ')}`)
console.log(`screenshots: ${shots}; ${Math.round((Date.now() - started) / 1000)} s`)
console.log(runner.summary())
process.exitCode = runner.failed ? 1 : 0
