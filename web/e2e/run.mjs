// The browser tests (`make test` runs them; `npm run e2e` from web/ after `make build`).
//
// Starts its own Gemella (`bin/gemella dev` on a free port, its own PostgreSQL and Meilisearch
// under a temporary directory, the demo data), or uses GEMELLA_URL with GEMELLA_DEMO_PASSWORD.
// Drives Debian's chromium through every page and flow, runs axe-core on each page (serious or
// critical findings fail), and keeps screenshots and the server's log in e2e/screenshots/.
// Arguments, when given, pick the flows whose names contain one of them:
//
//   GEMELLA_URL=http://127.0.0.1:8080 GEMELLA_DEMO_PASSWORD=… node e2e/run.mjs practices twinning
//
// The last line reads "e2e: N passed, N failed, N skipped"; the exit status is 1 on a failure.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Runner, launch } from './lib.mjs'
import { flows as liveFlows } from './live.mjs'
import { flows as mainFlows } from './flows.mjs'
import { flows as practiceFlows } from './practices.mjs'
import { startServer } from './server.mjs'
import { flows as twinningFlows } from './twinnings.mjs'
import { flows as workshopFlows } from './workshops.mjs'

const picked = process.argv.slice(2)
const flows = [...mainFlows, ...practiceFlows, ...twinningFlows, ...workshopFlows, ...liveFlows].filter(
  (f) => !picked.length || picked.some((p) => f.name.includes(p)),
)

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
} finally {
  await browser.close()
  await server.stop()
}
if (runner.failures.length) console.log(`failed:\n  ${runner.failures.join('\n  ')}`)
console.log(`screenshots: ${shots}; ${Math.round((Date.now() - started) / 1000)} s`)
console.log(runner.summary())
process.exitCode = runner.failed ? 1 : 0
