import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { earlyEntry, iconSprite, preloadFonts, purgeCss } from './scripts/slim.mjs'

// The API a dev server (`npm run dev`) forwards to: `gemella dev` listens on 8080 by default.
const api = process.env.GEMELLA_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [react(), iconSprite(), preloadFonts(), earlyEntry()],
  css: { postcss: { plugins: [purgeCss()] } },
  build: {
    // Embedded into the Go binary by internal/webapp (go:embed all:dist). public/.gitkeep is
    // copied along, so the committed placeholder survives emptyOutDir.
    outDir: '../internal/webapp/dist',
    emptyOutDir: true,
    // Keep the bundle free of inline scripts and data: fonts, for a strict CSP.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/files': api,
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/files': api,
    },
  },
})
