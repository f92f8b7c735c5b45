// The search field with suggestions as one types (WAI-ARIA combobox with a listbox popup).
// Enter on a suggestion opens it; otherwise the form opens the search page.
import { Button } from 'design-react-kit'
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { request } from '../client'
import { SEARCH_SUGGESTIONS, type SearchSuggestionsResult, type Suggestion } from '../graphql'
import { useMessages } from '../i18n'
import { Icon } from './Icon'
import { navigate } from '../router'

const minPrefix = 2
const debounceMs = 200

export function SearchBox({ initialQuery = '' }: { initialQuery?: string }) {
  const m = useMessages()
  const id = useId()
  const inputId = `${id}-q`
  const listId = `${id}-list`
  const [query, setQuery] = useState(initialQuery)
  const [suggestions, setSuggestions] = useState<Suggestion[]>([])
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const typed = useRef(false)

  useEffect(() => setQuery(initialQuery), [initialQuery])

  useEffect(() => {
    const prefix = query.trim()
    if (!typed.current || prefix.length < minPrefix) {
      setSuggestions([])
      setOpen(false)
      return
    }
    const ctl = new AbortController()
    const timer = setTimeout(() => {
      request<SearchSuggestionsResult>(SEARCH_SUGGESTIONS, { prefix }, ctl.signal).then(
        (data) => {
          if (!typed.current) return // a search started meanwhile
          setSuggestions(data.searchSuggestions)
          setActive(-1)
          setOpen(true)
        },
        () => setSuggestions([]), // Suggestions are a convenience: the search itself still works.
      )
    }, debounceMs)
    return () => {
      clearTimeout(timer)
      ctl.abort()
    }
  }, [query])

  const close = () => {
    setOpen(false)
    setActive(-1)
  }

  const go = (url: string) => {
    typed.current = false
    close()
    navigate(url)
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const q = query.trim()
    if (active >= 0 && open) return go(suggestions[active].url)
    if (q) go(`/cerca?q=${encodeURIComponent(q)}`)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = suggestions.length
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault()
      setOpen(true)
      setActive((a) => (a + 1) % n)
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault()
      setOpen(true)
      setActive((a) => (a <= 0 ? n - 1 : a - 1))
    } else if (e.key === 'Escape') {
      close()
    }
  }

  const expanded = open && suggestions.length > 0
  return (
    <form role="search" onSubmit={submit} className="search-box">
      <label htmlFor={inputId} className="form-label fw-semibold">
        {m.searchBox.label}
      </label>
      <div className="d-flex gap-2 align-items-start">
        <div className="position-relative flex-grow-1">
          <input
            id={inputId}
            type="search"
            className="form-control"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
            autoComplete="off"
            placeholder={m.searchBox.placeholder}
            value={query}
            onChange={(e) => {
              typed.current = true
              setQuery(e.target.value)
            }}
            onKeyDown={onKeyDown}
            onBlur={close}
          />
          <ul
            id={listId}
            role="listbox"
            aria-label={m.searchBox.suggestions}
            className="search-suggestions list-group shadow"
            hidden={!expanded}
          >
            {suggestions.map((s, i) => (
              <li
                key={`${s.url}-${i}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`list-group-item${i === active ? ' active' : ''}`}
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(e) => {
                  e.preventDefault()
                  go(s.url)
                }}
              >
                <span className="suggestion-title">{s.title}</span>
                <span className="suggestion-type">{m.search.type[s.type]}</span>
              </li>
            ))}
          </ul>
        </div>
        <Button type="submit" color="primary" className="d-flex align-items-center gap-1">
          <Icon name="it-search" color="white" size="sm" />
          {m.searchBox.submit}
        </Button>
      </div>
      <div className="visually-hidden" aria-live="polite">
        {open && typed.current ? m.searchBox.suggestionsAvailable(suggestions.length) : ''}
      </div>
    </form>
  )
}
