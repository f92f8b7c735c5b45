// Validates every GraphQL operation in src/graphql.ts against the server's schema
// (../schema/*.graphqls), so that a renamed field fails the build instead of a page.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSchema, parse, validate } from 'graphql'

const here = dirname(fileURLToPath(import.meta.url))
const schemaDir = join(here, '..', '..', 'schema')
const sdl = readdirSync(schemaDir)
  .filter((f) => f.endsWith('.graphqls'))
  .sort()
  .map((f) => readFileSync(join(schemaDir, f), 'utf8'))
  .join('\n')
const schema = buildSchema(sdl)

// graphql.ts and the files beside it named graphql.<area>.ts.
const srcDir = join(here, '..', 'src')
const source = readdirSync(srcDir)
  .filter((f) => /^graphql(\.[a-z-]+)?\.ts$/.test(f))
  .sort()
  .map((f) => readFileSync(join(srcDir, f), 'utf8'))
  .join('\n')
const documents = [...source.matchAll(/gql`([^`]*)`/g)].map((m) => m[1])
if (documents.length === 0) {
  console.error('check-operations: no gql`…` documents found in src/graphql.ts')
  process.exit(1)
}

let failed = false
const names = new Set()
for (const text of documents) {
  let doc
  try {
    doc = parse(text)
  } catch (e) {
    console.error(`check-operations: ${e.message}\n${text}`)
    failed = true
    continue
  }
  for (const def of doc.definitions) {
    const name = def.name?.value
    if (!name) {
      console.error('check-operations: every operation needs a name')
      failed = true
    } else if (names.has(name)) {
      console.error(`check-operations: operation ${name} is defined twice`)
      failed = true
    }
    names.add(name)
  }
  for (const err of validate(schema, doc)) {
    console.error(`check-operations: ${err.message}\n${text}`)
    failed = true
  }
}
if (failed) process.exit(1)
console.log(`check-operations: ${documents.length} operations valid against ${schemaDir}`)
