// Starts a Gemella of its own for the browser tests: `bin/gemella dev` with its data directory
// (PostgreSQL cluster, Meilisearch data) under a fresh temporary directory, on a free port, with
// a random demo password. stop() ends it (SIGINT: the server stops, then both children) and
// removes the directory.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const startTimeoutMs = 180_000

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function waitReady(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gemella dev exited with code ${child.exitCode} before it was ready`)
    try {
      const res = await fetch(`${url}/readyz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`gemella dev was not ready within ${startTimeoutMs / 1000} s`)
}

/**
 * Starts `gemella dev` from repoRoot (where .gemella/bin/meilisearch is found) and resolves
 * to { url, password, stop } once /readyz answers. Its output goes to logPath.
 */
export async function startServer({ repoRoot, logPath }) {
  const binary = join(repoRoot, 'bin', 'gemella')
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run make build (make test does)`)
  const dataDir = mkdtempSync(join(tmpdir(), 'gemella-e2e-'))
  // PostgreSQL runs as the postgres user when we are root: it must reach the cluster's parent.
  chmodSync(dataDir, 0o755)
  const port = await freePort()
  const password = randomBytes(12).toString('base64url')
  const url = `http://127.0.0.1:${port}`
  const log = createWriteStream(logPath)
  const child = spawn(binary, ['dev'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      GEMELLA_DATA_DIR: join(dataDir, 'data'),
      GEMELLA_ADDR: `127.0.0.1:${port}`,
      GEMELLA_DEMO_PASSWORD: password,
      // The accessibility statement shows the operator's address for reports.
      GEMELLA_ACCESSIBILITY_CONTACT: 'accessibilita@gemella.test',
      GEMELLA_OPEN_SIGNUP: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.pipe(log, { end: false })
  child.stderr.pipe(log, { end: false })
  const exited = new Promise((resolve) => child.on('exit', resolve))

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    }
    log.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitReady(url, child, Date.now() + startTimeoutMs)
  } catch (e) {
    await stop()
    throw e
  }
  return { url, password, stop }
}
