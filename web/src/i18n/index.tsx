// The interface language: Italian, the language of the platform and of its content, unless
// the user chose English with the toggle (remembered on this browser). The English catalogue
// is a chunk of its own, loaded when it is chosen: most readers never need it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { saveLanguage, savedLanguage, setRequestLanguage } from '../client'
import { it, type Messages } from './it'

export type Language = 'it' | 'en'

const catalogues: Partial<Record<Language, Messages>> = { it }

/** Loads a language's catalogue, once; main.tsx waits for the saved one before the first render. */
export async function loadCatalogue(lang: Language): Promise<void> {
  catalogues[lang] ??= (await import('./en')).en
}

interface I18n {
  lang: Language
  m: Messages
  setLang: (lang: Language) => void
}

const I18nContext = createContext<I18n | null>(null)

export function I18nProvider({ children }: { children: ReactNode }) {
  // The client reads the same saved choice for its first requests (early.ts sends some).
  const [lang, setLangState] = useState<Language>(() => (catalogues[savedLanguage()] ? savedLanguage() : 'it'))

  useEffect(() => {
    document.documentElement.lang = lang
  }, [lang])

  // A catalogue that cannot be loaded (offline) leaves the language as it was.
  const setLang = useCallback((next: Language) => {
    loadCatalogue(next).then(
      () => {
        saveLanguage(next)
        setRequestLanguage(next)
        setLangState(next)
      },
      () => undefined,
    )
  }, [])

  const value = useMemo(() => ({ lang, m: catalogues[lang] ?? it, setLang }), [lang, setLang])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext)
  if (!ctx) throw new Error('useI18n outside I18nProvider')
  return ctx
}

/** The current catalogue. */
export function useMessages(): Messages {
  return useI18n().m
}
