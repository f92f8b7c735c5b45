// The Questions page against an empty query, from outside: a client on one keep-alive
// connection sends the contract's Questions operation and `{ __typename }` alternately to a
// running Gemella and prints each one's p50 and their ratio (the budget: at most 3).
//
//   node web/scripts/questions-ratio.mjs http://127.0.0.1:8080 [requests] [rounds]
import { Agent, request } from 'node:http'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const [base = 'http://127.0.0.1:8080', n = '500', rounds = '3'] = process.argv.slice(2)
const here = dirname(fileURLToPath(import.meta.url))
const contract = readFileSync(join(here, '..', '..', '..', 'shared', 'contract', 'operations.graphql'), 'utf8')
const questions = contract.match(/query Questions\(.*?\n}\n/s)?.[0]
if (!questions) {
  console.error('questions-ratio: no Questions operation in the contract')
  process.exit(2)
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 })
const url = new URL('/graphql', base)

function post(body) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => {
        if (res.statusCode !== 200 || text.includes('"errors"')) reject(new Error(`${res.statusCode} ${text.slice(0, 200)}`))
        else resolve(Number(process.hrtime.bigint() - start) / 1e6)
      })
    })
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

const page = { query: questions, operationName: 'Questions', variables: { first: 20 } }
const empty = { query: '{ __typename }' }
const p50 = (l) => l.sort((a, b) => a - b)[Math.floor(l.length / 2)]
for (let i = 0; i < 50; i++) await Promise.all([post(page), post(empty)]) // warm up
for (let r = 1; r <= Number(rounds); r++) {
  const a = []
  const b = []
  for (let i = 0; i < Number(n); i++) {
    b.push(await post(empty))
    a.push(await post(page))
  }
  const pa = p50(a)
  const pb = p50(b)
  console.log(`round ${r}: page p50 ${pa.toFixed(3)} ms, empty p50 ${pb.toFixed(3)} ms, ratio ${(pa / pb).toFixed(2)}`)
}
agent.destroy()
