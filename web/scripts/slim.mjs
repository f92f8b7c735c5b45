// Build steps that keep the app small and steady (see docs/PERFORMANCE.md). Both cuts happen
// before Vite names the files, so a file's hash is that of what it holds (they are cached
// as immutable):
//   purgeCss      a PostCSS step: Bootstrap Italia's CSS cut to the selectors the sources
//                 (the app's and the design-react-kit components it imports) can use;
//   iconSprite    the module "virtual:icons.svg": Bootstrap Italia's SVG sprite cut to the
//                 icons the sources name;
//   preloadFonts  the body fonts preloaded from index.html, so that text does not reflow late.
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PurgeCSS } from 'purgecss'

const web = join(dirname(fileURLToPath(import.meta.url)), '..')
const kit = join(web, 'node_modules', 'design-react-kit', 'dist')

function filesUnder(dir, test) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name))
}

/** The text of every source that may name a class or an icon. */
function sources() {
  const app = filesUnder(join(web, 'src'), (n) => /\.(tsx?|css)$/.test(n)).map((f) => readFileSync(f, 'utf8'))
  const used = new Set(
    app
      .join('\n')
      .match(/(?<=import \{)[^}]+(?=\} from 'design-react-kit')/g)
      ?.flatMap((s) => s.split(',').map((x) => x.trim())),
  )
  const components = [...used].flatMap((c) => {
    try {
      return filesUnder(join(kit, c), (n) => n.endsWith('.js')).map((f) => readFileSync(f, 'utf8'))
    } catch {
      return []
    }
  })
  return [...app, ...components, readFileSync(join(web, 'index.html'), 'utf8')].join('\n')
}

// Classes built at run time (design-react-kit's `btn-${color}`, the app's `icon-${color}`,
// `toc-level-${n}`) or that only state adds (show, active).
const dynamicClasses = [/^btn-/, /^bg-/, /^icon-/, /^alert-/, /^badge/, /^toc-level-/, /^spinner/, /^progress-spinner/, /^is-/]

export function purgeCss() {
  return {
    postcssPlugin: 'gemella-purge-css',
    async OnceExit(root, { parse }) {
      if (!root.source?.input.file?.includes('bootstrap-italia')) return
      const [result] = await new PurgeCSS().purge({
        content: [{ raw: sources(), extension: 'tsx' }],
        css: [{ raw: root.toString() }],
        safelist: { standard: [/^html$/, /^body$/, /^show$/, /^fade$/, /^active$/, /^disabled$/], greedy: dynamicClasses },
        fontFace: false,
        keyframes: true,
        variables: false,
      })
      root.removeAll()
      root.append(parse(result.css, { from: root.source.input.file }).nodes)
    },
  }
}

const spriteId = 'virtual:icons.svg'
const spriteFile = join(web, 'node_modules', 'bootstrap-italia', 'dist', 'svg', 'sprites.svg')

export function iconSprite() {
  let serve = false
  return {
    name: 'gemella-icon-sprite',
    configResolved(config) {
      serve = config.command === 'serve'
    },
    resolveId: (id) => (id === spriteId ? `\0${spriteId}` : null),
    load(id) {
      if (id !== `\0${spriteId}`) return null
      // The dev server hands out the whole sprite, as a file of node_modules.
      if (serve) return `export default ${JSON.stringify(`/@fs${spriteFile}`)}`
      const svg = readFileSync(spriteFile, 'utf8')
      const used = new Set(sources().match(/it-[a-z0-9-]+/g) ?? [])
      const kept = (svg.match(/<symbol[\s\S]*?<\/symbol>/g) ?? []).filter((s) => used.has(/id="([^"]+)"/.exec(s)?.[1] ?? ''))
      const source = `${svg.slice(0, svg.indexOf('<symbol'))}${kept.join('')}</svg>\n`
      const ref = this.emitFile({ type: 'asset', name: 'icons.svg', source })
      return `export default import.meta.ROLLUP_FILE_URL_${ref}`
    },
  }
}

// The weights the first screen shows: body text (400) and headings and labels (600, 700).
const preloaded = /titillium-web-v10-latin-ext_latin-(regular|600|700)-.*\.woff2$/

export function preloadFonts() {
  return {
    name: 'gemella-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        return Object.keys(ctx.bundle ?? {})
          .filter((name) => preloaded.test(name))
          .sort()
          .map((name) => ({
            tag: 'link',
            attrs: { rel: 'preload', href: `/${name}`, as: 'font', type: 'font/woff2', crossorigin: '' },
            injectTo: 'head',
          }))
      },
    },
  }
}

// The early script (src/early.ts), a second entry of the build: loaded first from index.html,
// ahead of the app's bundle, so that it starts the page's data requests while the bundle is
// still downloading. async, because a deferred script waits for the stylesheet; the app takes
// an early answer if there is one and asks itself otherwise. In development the module is
// served as it is.
export function earlyEntry() {
  const source = '/src/early.ts'
  return {
    name: 'gemella-early-entry',
    config() {
      return { build: { rollupOptions: { input: { index: 'index.html', early: source.slice(1) } } } }
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'early')
        if (ctx.bundle && !chunk) throw new Error('earlyEntry: no early chunk in the bundle')
        const src = chunk ? `/${chunk.fileName}` : source
        return [{ tag: 'script', attrs: { type: 'module', async: true, crossorigin: '', src }, injectTo: 'head-prepend' }]
      },
    },
  }
}
