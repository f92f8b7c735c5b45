import 'bootstrap-italia/dist/css/bootstrap-italia.min.css'
import './styles/fonts.css'
import './styles/app.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { savedLanguage, setRequestLanguage } from './client'
import { I18nProvider, loadCatalogue } from './i18n'
import { SessionProvider } from './session'

// An English reader's catalogue comes before the first render, so that the page does not
// change language under them; without it (offline), Italian.
loadCatalogue(savedLanguage())
  .catch(() => setRequestLanguage('it'))
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <I18nProvider>
          <SessionProvider>
            <App />
          </SessionProvider>
        </I18nProvider>
      </StrictMode>,
    ),
  )
